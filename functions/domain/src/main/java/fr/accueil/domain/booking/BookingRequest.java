package fr.accueil.domain.booking;

/**
 * What a citizen (or an agent for them) submits to book a slot, as typed. Field names in problems are
 * the component names.
 *
 * @param themeId may be left out when the slot offers a single theme
 * @param channel WEB when not given
 */
public record BookingRequest(
        String slotId, String themeId, String name, String phone, String email, String note, Channel channel) {

    public static final int MAX_NAME_LENGTH = Citizen.MAX_NAME_LENGTH;
    public static final int MAX_EMAIL_LENGTH = Citizen.MAX_EMAIL_LENGTH;
    public static final int MAX_NOTE_LENGTH = 500;

    public BookingRequest {
        channel = channel == null ? Channel.WEB : channel;
    }

    /** The request cleaned up (trimmed, phone in E.164, theme resolved) or every problem with it. */
    public BookingRequest validFor(Slot slot) {
        InvalidInputException.Collector problems = new InvalidInputException.Collector();
        Citizen citizen = Citizen.valid(name, phone, email, problems);
        String theme = Text.trimmedOrNull(themeId);
        if (theme == null && slot.themeIds().size() == 1) {
            theme = slot.themeIds().get(0);
        }
        if (theme == null) {
            problems.add("themeId", "Choisissez le motif du rendez-vous.");
        } else {
            problems.check(slot.themeIds().contains(theme), "themeId", "Ce motif n’est pas proposé sur ce créneau.");
        }
        String cleanNote = Text.trimmedOrNull(note);
        problems.check(cleanNote == null || cleanNote.length() <= MAX_NOTE_LENGTH,
                "note", "La précision ne peut dépasser " + MAX_NOTE_LENGTH + " caractères.");
        problems.throwIfAny();
        return new BookingRequest(slot.id(), theme, citizen.name(), citizen.phone(), citizen.email(), cleanNote, channel);
    }

    /** Leaves the citizen's name, contacts and note out of logs. */
    @Override
    public String toString() {
        return "BookingRequest[slotId=" + slotId + ", themeId=" + themeId + ", channel=" + channel + "]";
    }
}
