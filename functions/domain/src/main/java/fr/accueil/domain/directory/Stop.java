package fr.accueil.domain.directory;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Objects;

/**
 * One stop of a mobile site (a France Services bus): the date, the hours and the place where it is parked.
 * A cancelled stop stays in the schedule, so its booked citizens can still be told where they would have gone.
 *
 * @param address where the bus stands that day; its city is the commune, its postcode the one searched
 */
public record Stop(LocalDate date, TimeRange hours, Address address, boolean cancelled) {
    public Stop {
        Objects.requireNonNull(date, "date");
        Objects.requireNonNull(hours, "hours");
        Objects.requireNonNull(address, "address");
    }

    public boolean covers(LocalDate day, LocalTime time) {
        return date.equals(day) && hours.contains(time);
    }

    public Stop asCancelled() {
        return new Stop(date, hours, address, true);
    }
}
