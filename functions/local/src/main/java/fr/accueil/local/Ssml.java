package fr.accueil.local;

import java.util.regex.Pattern;

/** SSML prompts for the local phone: the words of an SSML document, and plain text as SSML. */
final class Ssml {
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Ssml() {
    }

    /** What is spoken: tags dropped (a pause is a space), entities read, spaces collapsed. */
    static String text(String ssml) {
        String words = TAG.matcher(ssml).replaceAll(" ");
        words = words.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
        return SPACES.matcher(words).replaceAll(" ").strip();
    }

    /** Plain text as the SSML a text prompt amounts to. */
    static String of(String text) {
        return "<speak>" + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;") + "</speak>";
    }
}
