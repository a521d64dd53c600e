package fr.accueil.domain.booking;

import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings a permanence's stored slots in line with its definition, for the daily schedule and after an
 * edit. A booked slot is never dropped silently: its appointments are cancelled and the citizens told first.
 */
public final class SlotRegeneration {
    private final SlotGenerator generator;
    private final SlotStore slots;
    private final AppointmentStore appointments;
    private final Notifier notifier;
    private final AppointmentHistory history;
    private final Clock clock;

    public SlotRegeneration(SlotGenerator generator, SlotStore slots, AppointmentStore appointments,
            Notifier notifier, AppointmentHistory history, Clock clock) {
        this.generator = generator;
        this.slots = slots;
        this.appointments = appointments;
        this.notifier = notifier;
        this.history = history;
        this.clock = clock;
    }

    /**
     * Plans over the permanence's horizon and applies the plan. A slot booked between planning and deleting
     * is kept (the store deletes unbooked slots only) and met again by the next run.
     */
    public SlotPlan regenerate(Permanence permanence, Site site) {
        return apply(plan(permanence, site));
    }

    /** What regenerating would change, written nowhere. */
    public SlotPlan plan(Permanence permanence, Site site) {
        return generator.plan(permanence, site, clock.instant(), stored(permanence, site));
    }

    /**
     * What taking a permanence that is no longer held (removed, or its site removed) out of its horizon changes:
     * every unbooked slot deleted, every booked one orphaned. Apply it while the permanence and its site are still
     * in the directory: the cancellation messages name them.
     */
    public SlotPlan withdrawal(Permanence permanence, Site site) {
        List<Slot> stored = stored(permanence, site);
        return new SlotPlan(List.of(), stored.stream().filter(slot -> slot.booked() == 0).toList(),
                stored.stream().filter(slot -> slot.booked() > 0).toList());
    }

    /** Applies a plan in its order: the orphans' appointments cancelled and told, slots deleted, then created. */
    public SlotPlan apply(SlotPlan plan) {
        plan.orphaned().forEach(this::cancelAppointmentsOf);
        List<Slot> toDelete = new ArrayList<>(plan.toDelete());
        toDelete.addAll(plan.orphaned());
        slots.deleteUnbooked(toDelete);
        slots.save(plan.toCreate());
        return plan;
    }

    private List<Slot> stored(Permanence permanence, Site site) {
        DateRange horizon = SlotGenerator.horizon(permanence, site, clock.instant());
        return slots.slotsOf(permanence.id(), horizon.startIn(site.zone()), horizon.endIn(site.zone()));
    }

    private void cancelAppointmentsOf(Slot slot) {
        appointments.bySiteAndDate(slot.siteId(), slot.date()).stream()
                .filter(appointment -> appointment.slotId().equals(slot.id()))
                .filter(appointment -> appointment.status() == AppointmentStatus.BOOKED)
                // The citizen's message is written in the cancellation's own transaction.
                .filter(appointment -> appointments.cancel(appointment, notifier.cancellationOf(
                        appointment.withStatus(AppointmentStatus.CANCELLED), Notifier.CancellationReason.BY_SITE)))
                .map(appointment -> appointment.withStatus(AppointmentStatus.CANCELLED))
                .forEach(cancelled -> history.cancelled(cancelled, clock.instant(), "site"));
    }
}
