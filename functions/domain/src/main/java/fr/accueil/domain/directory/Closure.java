package fr.accueil.domain.directory;

import java.time.LocalDate;
import java.util.Objects;

/** An ad hoc closure of a site, both dates included (staff training, works, a bridge day). */
public record Closure(LocalDate from, LocalDate to, String reason) {
    public Closure {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("closure ends before it starts");
        }
    }

    public boolean covers(LocalDate date) {
        return !date.isBefore(from) && !date.isAfter(to);
    }
}
