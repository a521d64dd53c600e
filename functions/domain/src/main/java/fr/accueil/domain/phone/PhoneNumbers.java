package fr.accueil.domain.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.List;
import java.util.Optional;

/** Phone numbers as the service stores them: E.164, read as French when no country is given. */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /**
     * Overseas départements share the French national format (0262…, 0690…) but not country
     * code 33: a national number that is not valid in metropolitan France is tried there.
     */
    private static final List<String> OVERSEAS_REGIONS = List.of("RE", "YT", "GP", "BL", "MF", "MQ", "GF", "PM");
    /** libphonenumber refuses longer input anyway; checking first keeps garbage cheap. */
    private static final int MAX_INPUT_LENGTH = 64;

    private PhoneNumbers() {
    }

    /** The E.164 form of a valid number, or empty for a withheld, anonymous or invalid one. */
    public static Optional<String> toE164(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_INPUT_LENGTH) {
            return Optional.empty();
        }
        Optional<String> french = parse(raw.trim(), "FR");
        if (french.isPresent() || raw.trim().startsWith("+")) {
            return french;
        }
        return OVERSEAS_REGIONS.stream().map(region -> parse(raw.trim(), region))
                .flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> parse(String raw, String region) {
        try {
            PhoneNumber number = UTIL.parse(raw, region);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether an SMS may be sent to this E.164 number: a French or overseas mobile only, as libphonenumber types
     * it. Premium-rate, shared-cost, free-phone, satellite, landline and foreign numbers never get one: an SMS
     * to them costs more, reaches no one, or is how SMS pumping bills a sender.
     */
    public static boolean receivesSms(String e164) {
        if (e164 == null || !e164.startsWith("+")) {
            return false;
        }
        try {
            PhoneNumber number = UTIL.parse(e164, "FR");
            String region = UTIL.getRegionCodeForNumber(number);
            if (region == null || !UTIL.isValidNumber(number)) {
                return false;
            }
            PhoneNumberType type = UTIL.getNumberType(number);
            return ("FR".equals(region) || OVERSEAS_REGIONS.contains(region))
                    && (type == PhoneNumberType.MOBILE || type == PhoneNumberType.FIXED_LINE_OR_MOBILE);
        } catch (NumberParseException e) {
            return false;
        }
    }

    /** The number as it is dialled in France, for messages: {@code 03 87 00 00 00}. */
    public static String national(String e164) {
        try {
            return UTIL.format(UTIL.parse(e164, "FR"), PhoneNumberFormat.NATIONAL);
        } catch (NumberParseException e) {
            return e164;
        }
    }

    /** A number fit for logs: the country code and the last two digits only. */
    public static String mask(String e164) {
        if (e164 == null || e164.length() < 6) {
            return "***";
        }
        return e164.substring(0, 3) + "*".repeat(e164.length() - 5) + e164.substring(e164.length() - 2);
    }
}
