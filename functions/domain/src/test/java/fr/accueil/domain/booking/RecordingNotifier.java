package fr.accueil.domain.booking;

import java.util.ArrayList;
import java.util.List;

/** Remembers the reminders sent, and composes the other messages as lines "kind channel appointmentId detail". */
public final class RecordingNotifier implements Notifier {
    public final List<String> sent = new ArrayList<>();

    /** Composed, each text a line "confirmation channel id slot token": the store writes them with the change. */
    @Override
    public List<Outgoing> confirmationOf(Appointment appointment, String managementToken) {
        return lines(appointment, channel -> "confirmation " + channel + " " + appointment.id() + " " + appointment.slotId()
                + " " + managementToken);
    }

    @Override
    public void reminder(Appointment appointment) {
        appointment.contactChannels().forEach(channel -> sent.add("reminder " + channel + " " + appointment.id()));
    }

    @Override
    public List<Outgoing> cancellationOf(Appointment appointment, CancellationReason reason) {
        return lines(appointment, channel -> "cancellation " + channel + " " + appointment.id() + " " + reason);
    }

    private static List<Outgoing> lines(Appointment appointment, java.util.function.Function<Channel, String> line) {
        return appointment.contactChannels().stream().map(channel -> new Outgoing(channel, "to",
                new BookingMessages.Message("", line.apply(channel), appointment.id(), null))).toList();
    }
}
