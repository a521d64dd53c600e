package fr.accueil.domain.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The waitlist in maps; each method is all-or-nothing, like the adapter's transactions. */
final class InMemoryWaitlistStore implements WaitlistStore {
    final Map<String, WaitlistEntry> entries = new LinkedHashMap<>();
    private final Map<String, String> idsByKey = new HashMap<>();
    private final InMemorySlotStore slots;
    private final InMemoryAppointmentStore appointments;
    /** The messages written with the entries and the offers. */
    final List<Outgoing> queued = new ArrayList<>();

    InMemoryWaitlistStore(InMemorySlotStore slots, InMemoryAppointmentStore appointments) {
        this.slots = slots;
        this.appointments = appointments;
    }

    @Override
    public WaitlistEntry join(WaitlistEntry entry, Instant expiresAt, List<Outgoing> messages) {
        for (String contact : entry.contacts()) {
            String known = idsByKey.get(contact + "|" + entry.placeKey());
            if (known != null) {
                return entries.get(known);
            }
        }
        entry.contacts().forEach(contact -> idsByKey.put(contact + "|" + entry.placeKey(), entry.id()));
        entries.put(entry.id(), entry);
        queued.addAll(messages);
        return entry;
    }

    @Override
    public Optional<WaitlistEntry> find(String entryId) {
        return Optional.ofNullable(entries.get(entryId));
    }

    @Override
    public List<WaitlistEntry> waiting(String themeId, int limit) {
        return entries.values().stream()
                .filter(e -> e.status() == WaitlistEntry.Status.WAITING && e.themeId().equals(themeId))
                .sorted(Comparator.comparing(WaitlistEntry::joined)).limit(limit).toList();
    }

    @Override
    public boolean hold(Slot seen, WaitlistEntry offered, List<Outgoing> messages) {
        WaitlistEntry stored = entries.get(offered.id());
        if (stored.status() != WaitlistEntry.Status.WAITING || slots.find(seen.id()).orElseThrow().booked() != seen.booked()) {
            return false;
        }
        slots.book(seen.id(), +1);
        entries.put(offered.id(), offered);
        queued.addAll(messages);
        return true;
    }

    @Override
    public boolean release(WaitlistEntry offered) {
        if (!offeredStill(offered)) {
            return false;
        }
        slots.book(offered.offeredSlotId(), -1);
        entries.put(offered.id(), offered.passed());
        return true;
    }

    @Override
    public boolean confirm(WaitlistEntry offered, Appointment appointment, List<Outgoing> messages) {
        if (!offeredStill(offered)) {
            return false;
        }
        appointments.appointments.put(appointment.id(), appointment);
        entries.put(offered.id(), offered.booked());
        queued.addAll(messages);
        return true;
    }

    @Override
    public boolean leave(WaitlistEntry entry) {
        WaitlistEntry stored = entries.get(entry.id());
        if (stored == null || stored.status() != entry.status()) {
            return false;
        }
        if (stored.status() == WaitlistEntry.Status.OFFERED) {
            slots.book(stored.offeredSlotId(), -1);
        }
        entries.remove(entry.id());
        idsByKey.values().removeIf(entry.id()::equals);
        return true;
    }

    @Override
    public List<WaitlistEntry> lapsed(Instant now, int limit) {
        return entries.values().stream()
                .filter(e -> e.status() == WaitlistEntry.Status.OFFERED && e.holdUntil().isBefore(now)).limit(limit).toList();
    }

    private boolean offeredStill(WaitlistEntry offered) {
        WaitlistEntry stored = entries.get(offered.id());
        return stored.status() == WaitlistEntry.Status.OFFERED && stored.offeredSlotId().equals(offered.offeredSlotId());
    }

    List<String> queuedTexts() {
        return queued.stream().map(message -> message.message().text()).toList();
    }
}
