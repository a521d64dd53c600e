package fr.accueil.domain.booking;

import java.util.ArrayList;
import java.util.List;

/** Remembers what would have been sent, as "kind channel appointmentId detail". */
final class RecordingNotifier implements Notifier {
    final List<String> sent = new ArrayList<>();

    @Override
    public void confirmation(Appointment appointment, Channel channel, String managementToken) {
        sent.add("confirmation " + channel + " " + appointment.id() + " " + appointment.slotId() + " " + managementToken);
    }

    @Override
    public void reminder(Appointment appointment, Channel channel) {
        sent.add("reminder " + channel + " " + appointment.id());
    }

    @Override
    public void cancellation(Appointment appointment, Channel channel, CancellationReason reason) {
        sent.add("cancellation " + channel + " " + appointment.id() + " " + reason);
    }
}
