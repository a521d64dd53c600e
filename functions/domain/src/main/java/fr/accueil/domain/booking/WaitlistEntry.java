package fr.accueil.domain.booking;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A citizen waiting for a place of a theme, at chosen sites, on chosen days, to be offered one when it frees.
 *
 * @param siteIds       the sites that suit them: the one chosen, those serving their postcode, or empty for any site
 * @param postcode      the postcode they searched from, or null
 * @param from          the first day that suits them, or null for any
 * @param to            the last day that suits them, or null for any
 * @param phone         E.164, or null when they gave only an email
 * @param email         or null when they gave only a phone number
 * @param offeredSlotId the slot held for them while OFFERED, else null
 * @param holdUntil     when the hold lapses while OFFERED, else null
 * @param tokenHash     the hash of the offer link's token while OFFERED, else null
 * @param passedSlotIds the slots they were offered and let go (declined, or the hold lapsed): never offered again
 * @param leaveTokenHash the hash of the token of the link given when they joined, which shows the entry and leaves the list
 */
public record WaitlistEntry(
        String id,
        String themeId,
        List<String> siteIds,
        String postcode,
        LocalDate from,
        LocalDate to,
        String name,
        String phone,
        String email,
        Status status,
        Instant joined,
        String offeredSlotId,
        Instant holdUntil,
        String tokenHash,
        Set<String> passedSlotIds,
        String leaveTokenHash) {

    /** WAITING for a place; OFFERED one, held for them; BOOKED it (the entry is done). */
    public enum Status { WAITING, OFFERED, BOOKED }

    public WaitlistEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(themeId, "themeId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(joined, "joined");
        Objects.requireNonNull(leaveTokenHash, "leaveTokenHash");
        siteIds = List.copyOf(siteIds);
        passedSlotIds = Set.copyOf(passedSlotIds);
        if (phone == null && email == null) {
            throw new IllegalArgumentException("a waitlist entry needs a way to reach the citizen");
        }
        if ((status == Status.OFFERED) != (offeredSlotId != null && holdUntil != null && tokenHash != null)) {
            throw new IllegalArgumentException("an offer holds a slot until a time, behind a link, and only an offer does");
        }
    }

    /** Whether the slot suits them: their theme, one of their sites, one of their days, not let go before. */
    public boolean matches(Slot slot) {
        return slot.themeIds().contains(themeId)
                && (siteIds.isEmpty() || siteIds.contains(slot.siteId()))
                && (from == null || !slot.date().isBefore(from))
                && (to == null || !slot.date().isAfter(to))
                && !passedSlotIds.contains(slot.id());
    }

    /** Offered the slot, held for them until {@code until}, behind a link whose token hashes to {@code hash}. */
    WaitlistEntry offered(Slot slot, Instant until, String hash) {
        return new WaitlistEntry(id, themeId, siteIds, postcode, from, to, name, phone, email, Status.OFFERED, joined,
                slot.id(), until, hash, passedSlotIds, leaveTokenHash);
    }

    /** Back to waiting, the offered slot let go for good. */
    public WaitlistEntry passed() {
        Set<String> passed = new LinkedHashSet<>(passedSlotIds);
        passed.add(offeredSlotId);
        return new WaitlistEntry(id, themeId, siteIds, postcode, from, to, name, phone, email, Status.WAITING, joined,
                null, null, null, passed, leaveTokenHash);
    }

    /** Whether the token opens the entry: the join link's at any time, an offer link's while that offer stands. */
    public boolean opensWith(String token) {
        return ManagementToken.verify(token, leaveTokenHash) || status == Status.OFFERED && ManagementToken.verify(token, tokenHash);
    }

    /** Done: the place booked, no offer left. */
    WaitlistEntry booked() {
        return new WaitlistEntry(id, themeId, siteIds, postcode, from, to, name, phone, email, Status.BOOKED, joined,
                null, null, null, passedSlotIds, leaveTokenHash);
    }

    /** Where they are told: SMS only to a number that can receive one, as for appointments. */
    public List<Notifier.Channel> contactChannels() {
        List<Notifier.Channel> channels = new ArrayList<>(2);
        if (fr.accueil.domain.phone.PhoneNumbers.receivesSms(phone)) {
            channels.add(Notifier.Channel.SMS);
        }
        if (email != null) {
            channels.add(Notifier.Channel.EMAIL);
        }
        return channels;
    }

    /** Their number and lower-cased email: what finds their entries for an erasure, and one entry per place. */
    public List<String> contacts() {
        List<String> contacts = new ArrayList<>(2);
        if (phone != null) {
            contacts.add(phone);
        }
        if (email != null) {
            contacts.add(email.toLowerCase(Locale.ROOT));
        }
        return contacts;
    }

    /** What one contact may wait for once: the theme at the same place (site or postcode). */
    public String placeKey() {
        return themeId + "|" + (postcode != null ? "postcode=" + postcode : "sites=" + String.join(",", siteIds));
    }

    /** Leaves the name and contacts out of logs. */
    @Override
    public String toString() {
        return "WaitlistEntry[id=" + id + ", themeId=" + themeId + ", status=" + status + ", offeredSlotId=" + offeredSlotId + "]";
    }
}
