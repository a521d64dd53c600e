package fr.accueil.domain.booking;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Port: the stored slots. Booked counts change only through {@link AppointmentStore}. */
public interface SlotStore {

    /** Creates the slots, or replaces those with the same id that nobody has booked (never a booked one). */
    void save(Collection<Slot> slots);

    /**
     * Deletes the slots that are still unbooked, each on condition that its booked count is 0.
     *
     * @return the ids not deleted because someone booked them meanwhile
     */
    List<String> deleteUnbooked(Collection<Slot> slots);

    /** The slot and its booked count, read strongly consistent: a booking decides on that count. */
    Optional<Slot> find(String slotId);

    /** Every stored slot of the permanence starting in [from, to), booked or not, for regeneration. */
    List<Slot> slotsOf(String permanenceId, Instant from, Instant to);

    /**
     * The slots of the permanence starting in [from, to) with a free place, by start time. The adapter
     * keeps free slots in a sparse index, so the cost follows the free slots read, not the slots stored.
     */
    Page<Slot> freeSlots(String permanenceId, Instant from, Instant to, int limit, String cursor);
}
