package fr.accueil.domain.directory;

import java.time.LocalTime;
import java.util.Objects;

/** A half-open span of wall-clock time within one day, [start, end). */
public record TimeRange(LocalTime start, LocalTime end) {
    public TimeRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("time range ends before it starts: " + start + "-" + end);
        }
    }

    public static TimeRange parse(String text) {
        String[] parts = text.split("-", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("expected HH:MM-HH:MM, got " + text);
        }
        return new TimeRange(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim()));
    }

    public boolean contains(LocalTime time) {
        return !time.isBefore(start) && time.isBefore(end);
    }

    @Override
    public String toString() {
        return start + "-" + end;
    }
}
