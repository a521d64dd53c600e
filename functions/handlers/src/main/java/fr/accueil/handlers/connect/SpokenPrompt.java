package fr.accueil.handlers.connect;

import fr.accueil.domain.menu.Prompt;

/**
 * What the caller hears at one prompt, as one SSML document: the contact flow plays a single
 * attribute, whatever the menu wrote (plain text or SSML) and whatever notice comes first
 * (an information read, « je n'ai pas compris »).
 */
final class SpokenPrompt {
    private static final String PAUSE = "<break time=\"300ms\"/>";

    private SpokenPrompt() {
    }

    static String ssml(String notice, Prompt prompt) {
        String body = prompt.ssml() ? inner(prompt.text()) : escape(prompt.text());
        return notice.isBlank() ? "<speak>" + body + "</speak>" : "<speak>" + escape(notice) + " " + PAUSE + " " + body + "</speak>";
    }

    static String ssml(String text) {
        return "<speak>" + escape(text) + "</speak>";
    }

    private static String inner(String ssml) {
        String text = ssml.strip();
        return text.substring("<speak>".length(), text.length() - "</speak>".length());
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
