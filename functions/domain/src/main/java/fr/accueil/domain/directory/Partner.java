package fr.accueil.domain.directory;

import java.util.List;
import java.util.Objects;

/** An organisation that serves citizens (CAF, CPAM, CARSAT…) and the themes it handles. */
public record Partner(String id, String name, String description, List<String> themeIds) {
    public Partner {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        themeIds = List.copyOf(themeIds);
    }
}
