package fr.accueil.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What personal data looks like in a line of text: phone numbers (E.164 or French national, with
 * spaces, dots or dashes), email addresses, and given names. Masked numbers ({@code +33*******78})
 * do not match.
 */
final class PersonalData {
    private static final List<Pattern> PATTERNS = List.of(
            // +33 6 12 34 56 78, +33612345678, +33.6.12.34.56.78, and any other E.164 number.
            Pattern.compile("(?<![\\w*])\\+\\d(?:[ .-]?\\d){7,14}(?![\\w*])"),
            // 06 12 34 56 78, 0612345678, 06.12.34.56.78.
            Pattern.compile("(?<![\\w*+.-])0[1-9](?:[ .-]?\\d{2}){4}(?![\\w*])"),
            // Addresses whose domain ends in letters (not java.base@21.0.1 in a stack trace).
            Pattern.compile("[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)*\\.[A-Za-z]{2,}\\b"));

    private PersonalData() {
    }

    /** The personal data found in a line: pattern matches and any of the given names (case-insensitive). */
    static List<String> in(String line, Collection<String> names) {
        List<String> found = new ArrayList<>();
        for (Pattern pattern : PATTERNS) {
            Matcher matcher = pattern.matcher(line);
            while (matcher.find()) {
                found.add(matcher.group());
            }
        }
        String lower = line.toLowerCase(Locale.ROOT);
        for (String name : names) {
            if (lower.contains(name.toLowerCase(Locale.ROOT))) {
                found.add(name);
            }
        }
        return found;
    }
}
