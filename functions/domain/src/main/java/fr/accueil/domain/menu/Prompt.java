package fr.accueil.domain.menu;

import java.util.Objects;
import java.util.regex.Pattern;

/** What the caller hears: French text read by the voice, or SSML ({@code <speak>…</speak>}) when {@code ssml}. */
public record Prompt(String text, boolean ssml) {
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    public Prompt {
        Objects.requireNonNull(text, "text");
    }

    /** The prompt as a caller hears it: SSML marks removed, entities read. */
    public String spoken() {
        if (!ssml) {
            return text;
        }
        String plain = TAG.matcher(text).replaceAll(" ").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
        return SPACES.matcher(plain).replaceAll(" ").strip();
    }
}
