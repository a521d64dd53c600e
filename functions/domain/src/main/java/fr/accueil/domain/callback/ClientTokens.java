package fr.accueil.domain.callback;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The ClientToken of StartOutboundVoiceContact: derived from the callback and the attempt only,
 * so a retried or overlapping dispatch run sends the same token and Connect places the call once.
 */
public final class ClientTokens {
    private ClientTokens() {
    }

    /** A name-based UUID (36 characters, well under Connect's 500). */
    public static String of(String callbackId, int attempt) {
        return UUID.nameUUIDFromBytes(("accueil-callback:" + callbackId + "#" + attempt).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
