package fr.accueil.domain.booking;

import fr.accueil.domain.phone.PhoneNumbers;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a citizen (or an agent for them) submits to book a slot, as typed. Field names in problems are
 * the component names.
 *
 * @param themeId may be left out when the slot offers a single theme
 * @param channel WEB when not given
 */
public record BookingRequest(
        String slotId, String themeId, String name, String phone, String email, String note, Channel channel) {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_EMAIL_LENGTH = 254;
    public static final int MAX_NOTE_LENGTH = 500;
    /** Deliberately loose: the confirmation email is the real proof; this only catches typing slips. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    public BookingRequest {
        channel = channel == null ? Channel.WEB : channel;
    }

    /** The request cleaned up (trimmed, phone in E.164, theme resolved) or every problem with it. */
    public BookingRequest validFor(Slot slot) {
        InvalidInputException.Collector problems = new InvalidInputException.Collector();
        String cleanName = Text.trimmedOrNull(name);
        if (cleanName == null) {
            problems.add("name", "Le nom est obligatoire.");
        } else {
            cleanName = cleanName.replaceAll("\\s+", " ");
            problems.check(cleanName.length() >= 2 && cleanName.length() <= MAX_NAME_LENGTH
                    && cleanName.codePoints().anyMatch(Character::isLetter) && !CONTROL.matcher(cleanName).find(),
                    "name", "Le nom doit compter de 2 à " + MAX_NAME_LENGTH + " caractères, dont des lettres.");
        }
        String rawPhone = Text.trimmedOrNull(phone);
        Optional<String> e164 = PhoneNumbers.toE164(rawPhone);
        problems.check(rawPhone == null || e164.isPresent(), "phone", "Le numéro de téléphone n'est pas valide.");
        String cleanEmail = Text.trimmedOrNull(email);
        problems.check(cleanEmail == null || cleanEmail.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(cleanEmail).matches(),
                "email", "L'adresse e-mail n'est pas valide.");
        problems.check(rawPhone != null || cleanEmail != null,
                "phone", "Indiquez un numéro de téléphone ou une adresse e-mail pour recevoir la confirmation.");
        String theme = Text.trimmedOrNull(themeId);
        if (theme == null && slot.themeIds().size() == 1) {
            theme = slot.themeIds().get(0);
        }
        if (theme == null) {
            problems.add("themeId", "Choisissez le motif du rendez-vous.");
        } else {
            problems.check(slot.themeIds().contains(theme), "themeId", "Ce motif n'est pas proposé sur ce créneau.");
        }
        String cleanNote = Text.trimmedOrNull(note);
        problems.check(cleanNote == null || cleanNote.length() <= MAX_NOTE_LENGTH,
                "note", "La précision ne peut dépasser " + MAX_NOTE_LENGTH + " caractères.");
        problems.throwIfAny();
        return new BookingRequest(slot.id(), theme, cleanName, e164.orElse(null), cleanEmail, cleanNote, channel);
    }

    /** Leaves the citizen's name, contacts and note out of logs. */
    @Override
    public String toString() {
        return "BookingRequest[slotId=" + slotId + ", themeId=" + themeId + ", channel=" + channel + "]";
    }
}
