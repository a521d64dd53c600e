package fr.accueil.domain.booking;

import java.text.Normalizer;

/**
 * SMS texts in the GSM 03.38 alphabet (GSM-7): one character outside it (ê, ç, «) would switch the whole
 * SMS to UCS-2, 70 characters a part instead of 160, so each message would cost two to three times more.
 */
public final class SmsText {
    /** GSM 03.38's basic set: each of these is one septet. */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** A concatenated GSM-7 SMS carries 153 characters a part (a user data header takes the rest), a single one 160. */
    private static final int SINGLE = 160;
    private static final int PART = 153;
    /** Our messages are written to fit in two parts: a third would bill every citizen's message half again. */
    public static final int MAX_PARTS = 2;

    private SmsText() {
    }

    /** The text in GSM-7: accents outside it lose their accent (ê → e), typographic signs become plain ones. */
    public static String gsm7(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            String one = new String(Character.toChars(c));
            if (BASIC.contains(one)) {
                out.append(one);
            } else {
                out.append(substitute(c, one));
            }
        });
        return out.toString();
    }

    /** How many SMS parts a GSM-7 text takes. */
    public static int parts(String gsm7) {
        return gsm7.length() <= SINGLE ? 1 : (gsm7.length() + PART - 1) / PART;
    }

    private static String substitute(int c, String one) {
        switch (c) {
            case '\u2019', '\u2018' -> {
                return "'";
            }
            case '\u00ab', '\u00bb', '\u201c', '\u201d' -> {
                return "\"";
            }
            case '\u00a0', '\u202f' -> {
                return " ";
            }
            case '\u0153' -> {
                return "oe";
            }
            case '\u2013', '\u2014' -> {
                return "-";
            }
            default -> {
                String bare = Normalizer.normalize(one, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
                return !bare.isEmpty() && BASIC.contains(bare) ? bare : "?";
            }
        }
    }
}
