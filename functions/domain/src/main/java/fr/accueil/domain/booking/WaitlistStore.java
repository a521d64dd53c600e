package fr.accueil.domain.booking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: the waitlist, whose offers hold a place in their slot's booked count so nobody else can book it meanwhile. */
public interface WaitlistStore {

    /**
     * Puts the entry, until {@code expiresAt}, with one key per contact and place ({@link WaitlistEntry#placeKey}) and its
     * confirmation's messages queued, in one transaction; when one of its contacts already waits for that place, nothing
     * is written and that entry is returned.
     */
    WaitlistEntry join(WaitlistEntry entry, Instant expiresAt, List<Outgoing> messages);

    Optional<WaitlistEntry> find(String entryId);

    /** The WAITING entries of a theme, first joined first, at most {@code limit}. */
    List<WaitlistEntry> waiting(String themeId, int limit);

    /**
     * In one transaction: one place of the slot taken (on condition that its booked count is still {@code seen}'s),
     * the entry OFFERED (on condition that it is still WAITING) and the offer's messages queued.
     *
     * @return false when the slot or the entry changed meanwhile, or the offer was already made (nothing written)
     */
    boolean hold(Slot seen, WaitlistEntry offered, List<Outgoing> messages);

    /**
     * In one transaction: the held place freed and the entry WAITING again with the slot let go, on condition that it
     * is still OFFERED that slot.
     *
     * @return false when it was no longer (nothing written)
     */
    boolean release(WaitlistEntry offered);

    /**
     * In one transaction: the appointment put in the held place (the slot's count already has it), the entry BOOKED and
     * the confirmation queued, on condition that the entry is still OFFERED that slot.
     *
     * @return false when it was no longer (nothing written)
     */
    boolean confirm(WaitlistEntry offered, Appointment appointment, List<Outgoing> messages);

    /**
     * In one transaction: the entry and its contacts' keys deleted and, if it was OFFERED, the held place freed (then
     * offered to the next, as any freed place), on condition that its status is still {@code entry}'s.
     *
     * @return false when it changed meanwhile, or the entry is gone (nothing written)
     */
    boolean leave(WaitlistEntry entry);

    /** The OFFERED entries whose hold lapsed before {@code now}, at most {@code limit}. */
    List<WaitlistEntry> lapsed(Instant now, int limit);
}
