package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DevAgentTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final DevAgentTokens tokens = new DevAgentTokens(KEY, Clock.fixed(NOW, ZoneOffset.UTC));

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenItIssuedIsVerifiedWithItsClaims() {
        Map<String, String> claims = tokens.verify("Bearer " + tokens.issue("agent-7", "metz-borny", Duration.ofHours(12))).orElseThrow();
        assertEquals("agent-7", claims.get("sub"));
        assertEquals("metz-borny", claims.get("site"));
        assertEquals("accueil-agents", claims.get("aud"));
    }

    @Test
    void aMissingOrMalformedTokenIsRefused() {
        assertTrue(tokens.verify(null).isEmpty());
        assertTrue(tokens.verify("").isEmpty());
        assertTrue(tokens.verify("Bearer ").isEmpty());
        assertTrue(tokens.verify("Bearer a.b").isEmpty());
        assertTrue(tokens.verify("Bearer !!!.???.***").isEmpty());
    }

    @Test
    void anExpiredTokenIsRefused() {
        DevAgentTokens yesterday = new DevAgentTokens(KEY, Clock.fixed(NOW.minus(Duration.ofHours(13)), ZoneOffset.UTC));
        assertTrue(tokens.verify("Bearer " + yesterday.issue("agent-7", null, Duration.ofHours(12))).isEmpty());
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        DevAgentTokens other = new DevAgentTokens("another key, another runner....".getBytes(StandardCharsets.US_ASCII),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertTrue(tokens.verify("Bearer " + other.issue("agent-7", null, Duration.ofHours(1))).isEmpty());
        String genuine = tokens.issue("agent-7", null, Duration.ofHours(1));
        String[] parts = genuine.split("\\.");
        String promoted = parts[0] + "." + part(Map.of("iss", "accueil-local", "aud", "accueil-agents", "sub", "admin",
                "exp", NOW.plusSeconds(3600).getEpochSecond())) + "." + parts[2];
        assertTrue(tokens.verify("Bearer " + promoted).isEmpty(), "claims changed under the same signature");
    }

    @Test
    void aTokenForAnotherAudienceOrIssuerIsRefused() throws Exception {
        String header = part(Map.of("alg", "HS256", "typ", "JWT"));
        long exp = NOW.plusSeconds(3600).getEpochSecond();
        for (Map<String, Object> claims : new Map[] {
                Map.of("iss", "accueil-local", "aud", "someone-else", "sub", "agent-7", "exp", exp),
                Map.of("iss", "https://evil.example", "aud", "accueil-agents", "sub", "agent-7", "exp", exp),
                Map.of("iss", "accueil-local", "aud", "accueil-agents", "exp", exp)}) {
            String content = header + "." + part(claims);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
            String token = content + "." + B64.encodeToString(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
            assertTrue(tokens.verify("Bearer " + token).isEmpty(), "refused: " + claims);
        }
    }

    @Test
    void algNoneIsRefused() {
        String unsigned = part(Map.of("alg", "none", "typ", "JWT")) + "." + part(Map.of("iss", "accueil-local",
                "aud", "accueil-agents", "sub", "agent-7", "exp", NOW.plusSeconds(3600).getEpochSecond()));
        assertTrue(tokens.verify("Bearer " + unsigned + ".").isEmpty());
        assertTrue(tokens.verify("Bearer " + unsigned + "." + B64.encodeToString(new byte[32])).isEmpty());
    }

    /** The signature is compared with MessageDigest.isEqual, whose time does not depend on where bytes differ. */
    @Test
    void theSignatureIsComparedInConstantTime() throws Exception {
        String source = Files.readString(Path.of("src/main/java/fr/accueil/local/DevAgentTokens.java"));
        assertTrue(source.contains("MessageDigest.isEqual(expected,"), "constant-time comparison of the signature");
        assertTrue(!source.contains("Arrays.equals(expected") && !source.contains(".equals(signature"), "no early-exit comparison");
    }
}
