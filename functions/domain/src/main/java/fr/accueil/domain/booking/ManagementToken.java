package fr.accueil.domain.booking;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret of an appointment's management link. Only its hash is stored, so a leaked table does not
 * let anyone cancel appointments; the token itself is shown once, in the confirmation.
 */
public final class ManagementToken {
    /** 256 bits: well above the 128 needed to make guessing hopeless. */
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private ManagementToken() {
    }

    /** A new token for the link, and the hash to store. */
    public record Issued(String token, String hash) {
        @Override
        public String toString() {
            return "Issued[hash=" + hash + "]";
        }
    }

    public static Issued issue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        String token = URL_SAFE.encodeToString(bytes);
        return new Issued(token, hash(token));
    }

    /** The SHA-256 of the token, URL-safe base64. */
    public static String hash(String token) {
        return URL_SAFE.encodeToString(sha256(token));
    }

    /** Whether a presented token is the one whose hash is stored, in time independent of where they differ. */
    public static boolean verify(String presented, String storedHash) {
        if (presented == null || storedHash == null) {
            return false;
        }
        try {
            return MessageDigest.isEqual(sha256(presented), Base64.getUrlDecoder().decode(storedHash));
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
