package fr.accueil.domain.booking;

/** Where a booking was made: by the citizen online, or by an agent on the phone or at the counter. */
public enum Channel {
    WEB, PHONE, COUNTER
}
