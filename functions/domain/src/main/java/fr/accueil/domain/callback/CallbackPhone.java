package fr.accueil.domain.callback;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import fr.accueil.domain.ValidationException;
import fr.accueil.domain.phone.PhoneNumbers;
import java.util.Set;

/** The number to call back: the one the caller keyed, else the caller ID. */
public final class CallbackPhone {
    static final String WITHHELD = "Votre numéro est masqué.";
    static final String INVALID = "Ce numéro n'est pas valide.";
    static final String NOT_DIALABLE = "Nous ne pouvons rappeler que les fixes et mobiles de France métropolitaine et d'outre-mer.";

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Metropolitan France and the overseas départements and collectivités. */
    private static final Set<String> FRENCH_REGIONS =
            Set.of("FR", "RE", "YT", "GP", "BL", "MF", "MQ", "GF", "PM", "NC", "PF", "WF");
    /** Premium-rate, shared-cost and service numbers would cost the service or reach no one. */
    private static final Set<PhoneNumberType> PERSONAL_TYPES = Set.of(
            PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE, PhoneNumberType.VOIP);

    private CallbackPhone() {
    }

    /**
     * The E.164 number to call back.
     *
     * @param callerId the caller ID as Connect gives it (may be withheld: null, "anonymous"…)
     * @param keyed    the digits the caller keyed instead, or null/blank to keep the caller ID
     * @throws ValidationException (field "phone") with a French message, to which the channel adds how to give the number
     */
    public static String resolve(String callerId, String keyed) {
        if (keyed != null && !keyed.isBlank()) {
            return dialable(PhoneNumbers.toE164(keyed).orElseThrow(() -> new ValidationException("phone", INVALID)));
        }
        return dialable(PhoneNumbers.toE164(callerId).orElseThrow(() -> new ValidationException("phone", WITHHELD)));
    }

    private static String dialable(String e164) {
        try {
            PhoneNumber number = UTIL.parse(e164, null);
            if (FRENCH_REGIONS.contains(UTIL.getRegionCodeForNumber(number))
                    && PERSONAL_TYPES.contains(UTIL.getNumberType(number))) {
                return e164;
            }
        } catch (NumberParseException e) {
            // E.164 from PhoneNumbers always parses; refusing is the safe answer anyway.
        }
        throw new ValidationException("phone", NOT_DIALABLE);
    }
}
