package fr.accueil.domain.booking;

import java.util.Set;

/** Where an appointment stands. Attendance is recorded by the site's agents and may be corrected. */
public enum AppointmentStatus {
    BOOKED, CANCELLED, ATTENDED, NO_SHOW, EXCUSED;

    private static final Set<AppointmentStatus> ATTENDANCE = Set.of(ATTENDED, NO_SHOW, EXCUSED);

    /** A booked appointment may end any way; an attendance may be corrected; a cancellation is final. */
    public boolean canBecome(AppointmentStatus next) {
        return switch (this) {
            case BOOKED -> next != BOOKED;
            case ATTENDED, NO_SHOW, EXCUSED -> ATTENDANCE.contains(next) && next != this;
            case CANCELLED -> false;
        };
    }

    /**
     * Counts in its slot's booked places. An excused citizen will not come, so their place is given back (and may
     * be booked again, or offered to the waitlist); a no-show still used the place the counter was planned with.
     */
    public boolean holdsPlace() {
        return this == BOOKED || this == ATTENDED || this == NO_SHOW;
    }

    public boolean isAttendance() {
        return ATTENDANCE.contains(this);
    }
}
