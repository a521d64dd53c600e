package fr.accueil.domain.booking;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Appointments in a map; each method is all-or-nothing, like the adapter's transactions. */
public final class InMemoryAppointmentStore implements AppointmentStore {
    public final Map<String, Appointment> appointments = new HashMap<>();
    private final Map<String, String> idsByKey = new HashMap<>();
    private final InMemorySlotStore slots;
    private final java.util.Set<String> relinked = new java.util.HashSet<>();
    /** The messages written with the bookings, cancellations and moves. */
    final List<Outgoing> queued = new java.util.ArrayList<>();

    public InMemoryAppointmentStore(InMemorySlotStore slots) {
        this.slots = slots;
    }

    @Override
    public Appointment book(Slot slot, Appointment appointment, String idempotencyKey, List<Outgoing> messages) {
        String known = idsByKey.get(idempotencyKey);
        if (known != null) {
            return Optional.ofNullable(appointments.get(known)).orElseThrow(ErasedBookingException::new);
        }
        slots.book(appointment.slotId(), +1);
        appointments.put(appointment.id(), appointment);
        idsByKey.put(idempotencyKey, appointment.id());
        queued.addAll(messages);
        return appointment;
    }

    @Override
    public boolean cancel(Appointment appointment, List<Outgoing> messages) {
        Appointment stored = appointments.get(appointment.id());
        if (stored == null || stored.status() != AppointmentStatus.BOOKED) {
            return false;
        }
        slots.book(stored.slotId(), -1);
        appointments.put(stored.id(), stored.withStatus(AppointmentStatus.CANCELLED));
        queued.addAll(messages);
        return true;
    }

    @Override
    public void reschedule(Appointment current, Appointment moved, List<Outgoing> messages) {
        Appointment stored = appointments.get(current.id());
        if (stored == null || stored.status() != AppointmentStatus.BOOKED || !stored.slotId().equals(current.slotId())) {
            throw new IllegalStateException("the appointment changed meanwhile");
        }
        slots.book(moved.slotId(), +1);
        slots.book(current.slotId(), -1);
        appointments.put(moved.id(), moved);
        queued.addAll(messages);
    }

    @Override
    public boolean reissueLink(Appointment appointment, String newTokenHash, List<Outgoing> messages) {
        Appointment stored = appointments.get(appointment.id());
        if (stored == null || stored.status() != AppointmentStatus.BOOKED || !stored.tokenHash().equals(appointment.tokenHash())
                || !relinked.add(appointment.id())) {
            return false;
        }
        appointments.put(stored.id(), stored.withTokenHash(newTokenHash));
        queued.addAll(messages);
        return true;
    }

    @Override
    public boolean changeStatus(Appointment from, AppointmentStatus to) {
        Appointment stored = appointments.get(from.id());
        if (stored == null || stored.status() != from.status()) {
            return false;
        }
        if (stored.status().holdsPlace() && !to.holdsPlace()) {
            slots.book(stored.slotId(), -1);
        } else if (!stored.status().holdsPlace() && to.holdsPlace() && !slots.find(stored.slotId()).orElseThrow().full()) {
            slots.book(stored.slotId(), +1);
        }
        appointments.put(from.id(), stored.withStatus(to));
        return true;
    }

    @Override
    public Optional<Appointment> find(String appointmentId) {
        return Optional.ofNullable(appointments.get(appointmentId));
    }

    @Override
    public List<Appointment> bySiteAndDate(String siteId, LocalDate date) {
        return appointments.values().stream()
                .filter(a -> a.siteId().equals(siteId) && a.start().toLocalDate().equals(date))
                .sorted(Comparator.comparing(Appointment::start))
                .toList();
    }

    /** The texts of the messages written so far. */
    public List<String> queuedTexts() {
        return queued.stream().map(message -> message.message().text()).toList();
    }
}
