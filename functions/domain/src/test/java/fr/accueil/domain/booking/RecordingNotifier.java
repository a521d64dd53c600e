package fr.accueil.domain.booking;

import java.util.ArrayList;
import java.util.List;

/** Remembers what would have been sent, as "kind channel appointmentId detail". */
final class RecordingNotifier implements Notifier {
    final List<String> sent = new ArrayList<>();

    @Override
    public void confirmation(Appointment appointment, String managementToken) {
        appointment.contactChannels().forEach(channel ->
                sent.add("confirmation " + channel + " " + appointment.id() + " " + appointment.slotId() + " " + managementToken));
    }

    /** Composed, each text the line {@link #confirmation} records: the store writes them with the booking. */
    @Override
    public List<Outgoing> confirmationOf(Appointment appointment, String managementToken) {
        return appointment.contactChannels().stream().map(channel -> new Outgoing(channel, "to", new BookingMessages.Message("",
                "confirmation " + channel + " " + appointment.id() + " " + appointment.slotId() + " " + managementToken,
                appointment.id(), null))).toList();
    }

    @Override
    public void reminder(Appointment appointment) {
        appointment.contactChannels().forEach(channel -> sent.add("reminder " + channel + " " + appointment.id()));
    }

    @Override
    public void cancellation(Appointment appointment, CancellationReason reason) {
        appointment.contactChannels().forEach(channel -> sent.add("cancellation " + channel + " " + appointment.id() + " " + reason));
    }
}
