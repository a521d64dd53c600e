package fr.accueil.domain.booking;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Permanence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Citizens waiting for a place when the slots they want are full. When a slot has room (a cancellation, a move, an
 * excused citizen, a held place let go, new slots), its places are offered one by one to the first entries whose
 * theme, sites and days it suits: the place is held for them ({@code hold}, counted as booked so nobody else takes it)
 * and a message carries a link to take it or leave it; a place left or not taken in time goes to the next.
 */
public final class Waitlist {
    /** How long an entry waits at most, when its days do not end sooner: then its personal data go. */
    public static final Duration MAX_WAIT = Duration.ofDays(60);
    /** The entries of a theme read per offer: the first whose criteria match the slot gets it. */
    static final int CANDIDATES = 200;

    private final String territoryId;
    private final DirectoryStore directory;
    private final SlotStore slots;
    private final WaitlistStore store;
    private final Notifier notifier;
    private final BookingMessages messages;
    private final AppointmentHistory history;
    private final Duration hold;
    private final Clock clock;

    /** @param hold how long an offered place is kept for the citizen (shortened to end before the slot's booking closes) */
    public Waitlist(String territoryId, DirectoryStore directory, SlotStore slots, WaitlistStore store, Notifier notifier,
            BookingMessages messages, AppointmentHistory history, Duration hold, Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.slots = slots;
        this.store = store;
        this.notifier = notifier;
        this.messages = messages;
        this.history = history;
        this.hold = hold;
        this.clock = clock;
    }

    /**
     * The entry as stored, whether it was already there (the same contact waiting for the same place), and the token of
     * its link to see it and leave the list (null when already there: that link was given the first time).
     */
    public record Joined(WaitlistEntry entry, boolean already, String leaveToken) {
    }

    /**
     * Puts the citizen on the waitlist, until their last day or {@link #MAX_WAIT}.
     *
     * @throws InvalidInputException with every problem of the request, nothing stored
     */
    public Joined join(WaitlistRequest request) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, clock.getZone());
        ManagementToken.Issued leave = ManagementToken.issue();
        WaitlistEntry entry = request.validEntry(territoryId, directory, UUID.randomUUID().toString(), now, today, leave.hash());
        Instant expiresAt = now.plus(MAX_WAIT);
        if (entry.to() != null) {
            // The day after their last day, wherever the site is: a day of margin for the latest zone.
            Instant afterLastDay = entry.to().plusDays(2).atStartOfDay(clock.getZone()).toInstant();
            expiresAt = afterLastDay.isBefore(expiresAt) ? afterLastDay : expiresAt;
        }
        WaitlistEntry stored = store.join(entry, expiresAt, outgoing(entry, messages.waitlistJoined(entry, leave.token())));
        boolean already = !stored.id().equals(entry.id());
        if (!already) {
            history.waitlistJoined(stored, now);
        }
        return new Joined(stored, already, already ? null : leave.token());
    }

    /**
     * Offers the slot's free places to the first matching entries, each held until {@code hold} from now (or until
     * the slot's booking closes, if sooner). Reads the slot as it is: run again on the same change, it finds the
     * places already held and offers nothing more.
     *
     * @return how many places were offered
     */
    public int offer(String slotId) {
        int offered = 0;
        Instant now = clock.instant();
        for (int attempt = 0; attempt < CANDIDATES; attempt++) {
            Optional<Slot> found = slots.find(slotId).filter(slot -> !slot.full());
            Optional<Permanence> permanence = found.flatMap(slot -> directory.permanence(territoryId, slot.permanenceId()));
            if (found.isEmpty() || permanence.isEmpty() || !BookingRules.inWindow(permanence.get(), found.get(), now)) {
                return offered;
            }
            Slot slot = found.get();
            Instant closes = slot.startInstant().minus(permanence.get().minNotice());
            Instant until = now.plus(hold).isBefore(closes) ? now.plus(hold) : closes;
            Optional<WaitlistEntry> first = slot.themeIds().stream()
                    .flatMap(theme -> store.waiting(theme, CANDIDATES).stream())
                    .filter(entry -> entry.matches(slot))
                    .min(Comparator.comparing(WaitlistEntry::joined).thenComparing(WaitlistEntry::id));
            if (first.isEmpty()) {
                return offered;
            }
            ManagementToken.Issued token = ManagementToken.issue();
            WaitlistEntry entry = first.get().offered(slot, until, token.hash());
            if (store.hold(slot, entry, outgoing(entry, messages.waitlistOffer(entry, slot, token.token())))) {
                offered++;
            }
        }
        return offered;
    }

    /** The message to each of the entry's channels. */
    private static List<Outgoing> outgoing(WaitlistEntry entry, BookingMessages.Message message) {
        return entry.contactChannels().stream()
                .map(channel -> new Outgoing(channel, channel == Notifier.Channel.SMS ? entry.phone() : entry.email(), message))
                .toList();
    }

    /**
     * Offers the free places of slots that changed (a stream's batch): the waitlist is read once per theme, and only
     * the slots of a theme somebody waits for are offered ({@link #offer(String)}), so a run of new slots costs a read
     * per theme when nobody waits.
     *
     * @return how many places were offered
     */
    public int offer(List<Slot> changed) {
        Set<String> waitedFor = changed.stream().flatMap(slot -> slot.themeIds().stream()).distinct()
                .filter(theme -> !store.waiting(theme, 1).isEmpty()).collect(Collectors.toSet());
        return changed.stream().filter(slot -> slot.themeIds().stream().anyMatch(waitedFor::contains))
                .map(Slot::id).distinct().mapToInt(this::offer).sum();
    }

    /** The offer behind a link, while it stands. */
    public WaitlistEntry view(String entryId, String token) {
        return store.find(entryId)
                .filter(entry -> entry.status() == WaitlistEntry.Status.OFFERED && ManagementToken.verify(token, entry.tokenHash()))
                .orElseThrow(() -> new NotFoundException("Cette proposition n’existe pas ou n’est plus valable."));
    }

    /** The entry behind a link: the join link's at any time, an offer link's while that offer stands. */
    public WaitlistEntry opened(String entryId, String token) {
        return store.find(entryId).filter(entry -> entry.opensWith(token))
                .orElseThrow(() -> new NotFoundException("Cette inscription n’existe pas ou n’est plus valable."));
    }

    /**
     * The citizen leaves the list: the entry and its personal data go; a place held for them goes to the next. An entry
     * already gone is the 404 of an unknown one.
     */
    public void leave(String entryId, String token) {
        if (!store.leave(opened(entryId, token))) {
            throw new ValidationException("status", "Cette inscription vient de changer : rechargez la page.");
        }
    }

    /** The offered place booked for the citizen: an appointment with its own management link, confirmed as any. */
    public Booking confirm(String entryId, String token) {
        WaitlistEntry entry = view(entryId, token);
        Instant now = clock.instant();
        if (!now.isBefore(entry.holdUntil())) {
            throw new ValidationException("status", "Le délai pour accepter cette place est passé : elle a été proposée à quelqu’un d’autre.");
        }
        Slot slot = slots.find(entry.offeredSlotId()).orElseThrow(() -> new NotFoundException("Créneau introuvable."));
        BookingRequest request = new BookingRequest(slot.id(), entry.themeId(), entry.name(), entry.phone(), entry.email(),
                null, Channel.WEB).validFor(slot);
        ManagementToken.Issued link = ManagementToken.issue();
        Appointment appointment = Appointment.book(UUID.randomUUID().toString(), slot, request, now, link.hash(), null);
        if (!store.confirm(entry, appointment, notifier.confirmationOf(appointment, link.token()))) {
            throw new ValidationException("status", "Cette proposition vient de changer : rechargez la page.");
        }
        history.booked(appointment, now, null);
        return new Booking(appointment, link.token());
    }

    /** The citizen leaves the offered place to the next; they stay on the list for other places. */
    public WaitlistEntry decline(String entryId, String token) {
        WaitlistEntry entry = view(entryId, token);
        if (!store.release(entry)) {
            throw new ValidationException("status", "Cette proposition vient de changer : rechargez la page.");
        }
        return entry.passed();
    }

    /** Lets go the places whose hold lapsed (each then offered to the next); returns how many. */
    public int releaseLapsed() {
        int released = 0;
        for (WaitlistEntry entry : store.lapsed(clock.instant(), CANDIDATES)) {
            if (store.release(entry)) {
                released++;
            }
        }
        return released;
    }
}
