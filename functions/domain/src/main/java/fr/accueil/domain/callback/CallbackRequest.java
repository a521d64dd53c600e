package fr.accueil.domain.callback;

import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.phone.PhoneNumbers;
import java.time.Instant;
import java.util.Objects;

/**
 * A caller's request to be called back.
 *
 * @param callerId    the caller ID as received (may be withheld)
 * @param keyedNumber another number the caller keyed, or null to keep the caller ID
 * @param contactRef  the Connect contact id of the call, or null
 * @param notBefore   the start of the window the caller picked among the choices, or null for the earliest
 */
public record CallbackRequest(Site site, Theme theme, String callerId, String keyedNumber, String contactRef, Instant notBefore) {
    public CallbackRequest {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(theme, "theme");
    }

    /** The numbers masked: a request may end up in a log line. */
    @Override
    public String toString() {
        return "CallbackRequest[siteId=" + site.id() + ", themeId=" + theme.id() + ", callerId=" + PhoneNumbers.mask(callerId)
                + ", keyedNumber=" + PhoneNumbers.mask(keyedNumber) + ", notBefore=" + notBefore + "]";
    }
}
