package fr.accueil.domain.booking;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Slots in a map, with the adapter's conditions: a booked slot is neither replaced nor deleted. */
public final class InMemorySlotStore implements SlotStore {
    public final Map<String, Slot> slots = new TreeMap<>();

    @Override
    public void save(Collection<Slot> batch) {
        batch.forEach(slot -> {
            Slot existing = slots.get(slot.id());
            if (existing == null || existing.booked() == 0) {
                slots.put(slot.id(), slot);
            }
        });
    }

    @Override
    public List<String> deleteUnbooked(Collection<Slot> batch) {
        List<String> kept = new ArrayList<>();
        batch.forEach(slot -> {
            Slot existing = slots.get(slot.id());
            if (existing != null && existing.booked() > 0) {
                kept.add(slot.id());
            } else {
                slots.remove(slot.id());
            }
        });
        return kept;
    }

    @Override
    public Optional<Slot> find(String slotId) {
        return Optional.ofNullable(slots.get(slotId));
    }

    @Override
    public List<Slot> slotsOf(String permanenceId, Instant from, Instant to) {
        return slots.values().stream()
                .filter(s -> s.permanenceId().equals(permanenceId))
                .filter(s -> !s.startInstant().isBefore(from) && s.startInstant().isBefore(to))
                .sorted(Comparator.comparing(Slot::startInstant))
                .toList();
    }

    @Override
    public Page<Slot> freeSlots(String permanenceId, Instant from, Instant to, int limit, String cursor) {
        List<Slot> free = slotsOf(permanenceId, from, to).stream().filter(s -> !s.full()).toList();
        int start = cursor == null ? 0 : Integer.parseInt(cursor);
        int end = Math.min(free.size(), start + limit);
        return new Page<>(free.subList(start, end), end < free.size() ? String.valueOf(end) : null);
    }

    /** Moves the booked count, as the appointment store's transactions do. */
    void book(String slotId, int delta) {
        Slot slot = slots.get(slotId);
        if (slot == null) {
            throw new NotFoundException("Créneau introuvable.");
        }
        if (slot.booked() + delta > slot.capacity()) {
            throw new SlotFullException(slotId);
        }
        slots.put(slotId, Fixtures.withBooked(slot, slot.booked() + delta));
    }
}
