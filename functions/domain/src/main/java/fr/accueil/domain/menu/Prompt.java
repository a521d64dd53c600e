package fr.accueil.domain.menu;

import java.util.Objects;

/** What the caller hears: French text read by the voice, or SSML ({@code <speak>…</speak>}) when {@code ssml}. */
public record Prompt(String text, boolean ssml) {
    public Prompt {
        Objects.requireNonNull(text, "text");
    }
}
