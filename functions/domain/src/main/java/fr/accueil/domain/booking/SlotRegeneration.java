package fr.accueil.domain.booking;

import fr.accueil.domain.directory.Site;
import java.time.Clock;
import java.time.Instant;
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
        Instant now = clock.instant();
        DateRange horizon = SlotGenerator.horizon(permanence, site, now);
        List<Slot> stored = slots.slotsOf(permanence.id(), horizon.startIn(site.zone()), horizon.endIn(site.zone()));
        SlotPlan plan = generator.plan(permanence, site, now, stored);
        plan.orphaned().forEach(this::cancelAppointmentsOf);
        List<Slot> toDelete = new ArrayList<>(plan.toDelete());
        toDelete.addAll(plan.orphaned());
        slots.deleteUnbooked(toDelete);
        slots.save(plan.toCreate());
        return plan;
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
