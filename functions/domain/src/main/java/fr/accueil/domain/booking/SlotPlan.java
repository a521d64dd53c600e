package fr.accueil.domain.booking;

import java.util.List;

/**
 * What regenerating a permanence's slots changes in the store.
 *
 * Apply it in this order: cancel the orphans' appointments, delete {@code toDelete} and the orphans,
 * then save {@code toCreate} (which may replace an orphan's id with the slot's new times).
 *
 * @param toCreate slots to save: new ones, and the new version of slots whose definition changed
 * @param toDelete unbooked slots the permanence no longer holds
 * @param orphaned booked slots the permanence no longer holds at that time, place and partner (a cancelled
 *                 date, a changed window): their appointments must be cancelled and the citizens told
 */
public record SlotPlan(List<Slot> toCreate, List<Slot> toDelete, List<Slot> orphaned) {
    public SlotPlan {
        toCreate = List.copyOf(toCreate);
        toDelete = List.copyOf(toDelete);
        orphaned = List.copyOf(orphaned);
    }

    public boolean isEmpty() {
        return toCreate.isEmpty() && toDelete.isEmpty() && orphaned.isEmpty();
    }
}
