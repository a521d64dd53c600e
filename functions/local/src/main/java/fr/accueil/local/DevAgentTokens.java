package fr.accueil.local;

import fr.accueil.handlers.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The local stand-in for the HTTP API's JWT authorizer (Cognito on AWS): agent tokens signed
 * HS256 with a key drawn at each start, so a token never outlives the runner that issued it.
 * Verification refuses what API Gateway refuses: no token, a bad signature, another algorithm
 * (alg "none" first of all), another issuer or audience, an expired or not-yet-valid token.
 */
final class DevAgentTokens {
    static final String ISSUER = "accueil-local";
    static final String AUDIENCE = "accueil-agents";
    static final Duration VALIDITY = Duration.ofHours(12);
    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    private final byte[] key;
    private final Clock clock;

    DevAgentTokens(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** A fresh random key: tokens of an earlier start are refused. */
    static DevAgentTokens random(Clock clock) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new DevAgentTokens(key, clock);
    }

    /** @param site the one site the agent may see, or null for all */
    String issue(String subject, String site, Duration validity) {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(validity).getEpochSecond());
        if (site != null) {
            claims.put("site", site);
        }
        return signed(claims);
    }

    /** Any claims, signed with this runner's key (tests use it to check what {@link #verify} refuses). */
    String signed(Map<String, Object> claims) {
        String content = B64.encodeToString(HEADER.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(Json.write(claims).getBytes(StandardCharsets.UTF_8));
        return content + "." + B64.encodeToString(sign(content));
    }

    /**
     * The claims of a valid bearer token, as API Gateway hands them to the function (strings),
     * or empty when the request must be refused with 401.
     *
     * @param authorization the Authorization header as received
     */
    Optional<Map<String, String>> verify(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7).trim() : authorization.trim();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return Optional.empty();
        }
        try {
            Map<String, Object> header = Json.readObject(new String(B64_DECODER.decode(parts[0]), StandardCharsets.UTF_8));
            if (!"HS256".equals(header.get("alg"))) {
                return Optional.empty();
            }
            byte[] expected = sign(parts[0] + "." + parts[1]);
            // Constant time: the comparison must not tell how much of a forged signature was right.
            if (!MessageDigest.isEqual(expected, B64_DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            Map<String, Object> claims = Json.readObject(new String(B64_DECODER.decode(parts[1]), StandardCharsets.UTF_8));
            long now = clock.instant().getEpochSecond();
            if (!ISSUER.equals(claims.get("iss")) || !audienceMatches(claims.get("aud"))
                    || !(claims.get("exp") instanceof Number exp) || exp.longValue() <= now
                    || claims.get("nbf") instanceof Number nbf && nbf.longValue() > now
                    || !(claims.get("sub") instanceof String sub) || sub.isBlank()) {
                return Optional.empty();
            }
            Map<String, String> strings = new LinkedHashMap<>();
            claims.forEach((name, value) -> strings.put(name, String.valueOf(value)));
            return Optional.of(strings);
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean audienceMatches(Object aud) {
        return AUDIENCE.equals(aud) || aud instanceof List<?> list && list.contains(AUDIENCE);
    }

    private byte[] sign(String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
