package fr.accueil.domain.booking;

/**
 * Port: the SMS a territory may send, per number and in all. A bound on both keeps a scripted run of bookings
 * (SMS pumping) or a bug from sending thousands of paid messages; past it the SMS is not sent, email still is.
 */
public interface SmsQuota {
    /** Takes one SMS to {@code e164} from both allowances; false (nothing taken) when either is spent. */
    boolean take(String e164);
}
