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

    public boolean isAttendance() {
        return ATTENDANCE.contains(this);
    }
}
