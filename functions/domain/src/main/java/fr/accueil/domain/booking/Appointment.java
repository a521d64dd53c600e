package fr.accueil.domain.booking;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.phone.PhoneNumbers;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A citizen's booking of a slot. The slot's times, place and partner are copied so the appointment
 * can be shown, reminded and exported without reading the slot again.
 *
 * @param phone     E.164, or null when the citizen gave only an email
 * @param email     or null when the citizen gave only a phone number
 * @param tokenHash the SHA-256 hash of the management link's token, never the token itself
 * @param bookedBy  the name of the agent who booked it for the citizen, or null when the citizen booked
 */
public record Appointment(
        String id,
        String slotId,
        String permanenceId,
        String siteId,
        String partnerId,
        String themeId,
        ZonedDateTime start,
        ZonedDateTime end,
        String citizenName,
        String phone,
        String email,
        String note,
        AppointmentStatus status,
        Channel channel,
        Instant created,
        String tokenHash,
        String bookedBy) {

    public Appointment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(permanenceId, "permanenceId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(themeId, "themeId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(citizenName, "citizenName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(tokenHash, "tokenHash");
        if (phone == null && email == null) {
            throw new IllegalArgumentException("an appointment needs a way to reach the citizen");
        }
    }

    /** A new booking of {@code slot} from a request already validated for it. */
    static Appointment book(String id, Slot slot, BookingRequest request, Instant now, String tokenHash, String bookedBy) {
        return new Appointment(id, slot.id(), slot.permanenceId(), slot.siteId(), slot.partnerId(), request.themeId(),
                slot.start(), slot.end(), request.name(), request.phone(), request.email(), request.note(),
                AppointmentStatus.BOOKED, request.channel(), now, tokenHash, bookedBy);
    }

    public Appointment withStatus(AppointmentStatus next) {
        if (!status.canBecome(next)) {
            throw new ValidationException("status", "Ce rendez-vous ne peut plus passer à ce statut.");
        }
        return new Appointment(id, slotId, permanenceId, siteId, partnerId, themeId, start, end, citizenName, phone,
                email, note, next, channel, created, tokenHash, bookedBy);
    }

    /** The same appointment behind a new management link (the previous one stops opening it). */
    public Appointment withTokenHash(String newTokenHash) {
        return new Appointment(id, slotId, permanenceId, siteId, partnerId, themeId, start, end, citizenName, phone,
                email, note, status, channel, created, newTokenHash, bookedBy);
    }

    /** The same appointment (same id and link) at another slot. */
    public Appointment movedTo(Slot slot) {
        return new Appointment(id, slot.id(), slot.permanenceId(), slot.siteId(), slot.partnerId(), themeId,
                slot.start(), slot.end(), citizenName, phone, email, note, status, channel, created, tokenHash, bookedBy);
    }

    /** Where the citizen can be told about this appointment: SMS only to a number that can receive one. */
    public List<Notifier.Channel> contactChannels() {
        List<Notifier.Channel> channels = new ArrayList<>(2);
        if (receivesSms()) {
            channels.add(Notifier.Channel.SMS);
        }
        if (email != null) {
            channels.add(Notifier.Channel.EMAIL);
        }
        return channels;
    }

    /** The citizen gave a number that gets SMS ({@link PhoneNumbers#receivesSms}). */
    public boolean receivesSms() {
        return PhoneNumbers.receivesSms(phone);
    }

    /** Leaves the citizen's name, contacts, note and token hash out, so a logged appointment leaks nothing. */
    @Override
    public String toString() {
        return "Appointment[id=" + id + ", slotId=" + slotId + ", status=" + status + ", channel=" + channel + "]";
    }
}
