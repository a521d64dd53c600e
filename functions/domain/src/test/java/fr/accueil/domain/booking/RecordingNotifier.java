package fr.accueil.domain.booking;

import java.util.ArrayList;
import java.util.List;

/** Remembers what would have been sent, as "kind channel appointmentId detail". */
public final class RecordingNotifier implements Notifier {
    public final List<String> sent = new ArrayList<>();

    @Override
    public void confirmation(Appointment appointment, String managementToken) {
        appointment.contactChannels().forEach(channel ->
                sent.add("confirmation " + channel + " " + appointment.id() + " " + appointment.slotId() + " " + managementToken));
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
