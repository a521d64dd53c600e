package fr.accueil.domain.booking;

import fr.accueil.domain.phone.PhoneNumbers;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who a booking or a waitlist entry is for, as checked from what was typed: the name trimmed, the phone in E.164
 * (or null), the email trimmed (or null); at least one way to reach them.
 */
record Citizen(String name, String phone, String email) {
    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_EMAIL_LENGTH = 254;
    /** Deliberately loose: the confirmation email is the real proof; this only catches typing slips. */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** The citizen cleaned up, its problems added to {@code problems} (the caller throws them with its own). */
    static Citizen valid(String name, String phone, String email, InvalidInputException.Collector problems) {
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
        problems.check(rawPhone == null || e164.isPresent(), "phone", "Le numéro de téléphone n’est pas valide.");
        String cleanEmail = Text.trimmedOrNull(email);
        problems.check(cleanEmail == null || cleanEmail.length() <= MAX_EMAIL_LENGTH && EMAIL.matcher(cleanEmail).matches(),
                "email", "L’adresse e-mail n’est pas valide.");
        problems.check(rawPhone != null || cleanEmail != null,
                "phone", "Indiquez un numéro de téléphone ou une adresse e-mail pour recevoir la confirmation.");
        return new Citizen(cleanName, e164.orElse(null), cleanEmail);
    }

    /** Leaves the name and contacts out of logs. */
    @Override
    public String toString() {
        return "Citizen[]";
    }
}
