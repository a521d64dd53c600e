package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner's user pool mints Cognito-shaped ID tokens and verifies them as the HTTP API's JWT authorizer. */
class DevAgentTokensTest {
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final DevAgentTokens.Agent AGENT = new DevAgentTokens.Agent("agent-7", List.of("agents", "managers"),
            "metz-borny,sarreguemines", null);

    private final DevAgentTokens tokens = DevAgentTokens.random(CLOCK);

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> valid() {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "agent-7");
        claims.put("iss", DevAgentTokens.ISSUER);
        claims.put("aud", DevAgentTokens.AUDIENCE);
        claims.put("token_use", "id");
        claims.put("iat", NOW.getEpochSecond());
        claims.put("exp", NOW.plusSeconds(3600).getEpochSecond());
        return claims;
    }

    @Test
    void aTokenItIssuedIsVerifiedWithItsClaimsAsTheAuthorizerPassesThem() throws Exception {
        String token = tokens.issue(AGENT, Duration.ofHours(12));
        Map<String, Object> header = Json.readObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8));
        assertEquals("RS256", header.get("alg"));
        Map<String, String> claims = tokens.verify("Bearer " + token).orElseThrow();
        assertEquals("agent-7", claims.get("sub"));
        assertEquals("id", claims.get("token_use"));
        // An array claim reaches the function as one string: its items in brackets, separated by spaces.
        assertEquals("[agents managers]", claims.get("cognito:groups"));
        assertEquals("metz-borny,sarreguemines", claims.get("custom:site"));
        assertEquals(DevAgentTokens.AUDIENCE, claims.get("aud"));
        assertEquals(Long.toString(NOW.plus(Duration.ofHours(12)).getEpochSecond()), claims.get("exp"));
        assertEquals("true", claims.get("email_verified"));
    }

    @Test
    void theServedKeySetNamesTheSigningKey() throws Exception {
        Map<String, Object> jwks = Json.readObject(tokens.jwks());
        Map<?, ?> key = (Map<?, ?>) ((List<?>) jwks.get("keys")).get(0);
        assertEquals("RSA", key.get("kty"));
        assertEquals("RS256", key.get("alg"));
        String token = tokens.issue(AGENT, Duration.ofHours(1));
        assertTrue(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8)
                .contains("\"kid\":\"" + key.get("kid") + "\""));
        assertTrue(!tokens.jwks().contains("\"d\""), "no private part in the key set");
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
    void anExpiredOrNotYetValidTokenIsRefused() {
        assertTrue(tokens.verify("Bearer " + tokens.issue(AGENT, Duration.ofMinutes(-1))).isEmpty());
        Map<String, Object> later = valid();
        later.put("nbf", NOW.plusSeconds(60).getEpochSecond());
        assertTrue(tokens.verify("Bearer " + tokens.signed(later)).isEmpty(), "nbf in the future");
        Map<String, Object> issuedLater = valid();
        issuedLater.put("iat", NOW.plusSeconds(60).getEpochSecond());
        assertTrue(tokens.verify("Bearer " + tokens.signed(issuedLater)).isEmpty(), "iat in the future");
    }

    @Test
    void aTokenOfAnotherPoolOrKeyIsRefused() {
        DevAgentTokens other = DevAgentTokens.random(CLOCK);
        assertTrue(tokens.verify("Bearer " + other.issue(AGENT, Duration.ofHours(1))).isEmpty(), "another key pair");
        String genuine = tokens.issue(AGENT, Duration.ofHours(1));
        String[] parts = genuine.split("\\.");
        Map<String, Object> promoted = valid();
        promoted.put("cognito:groups", List.of("coordinators", "data-protection"));
        assertTrue(tokens.verify("Bearer " + parts[0] + "." + part(promoted) + "." + parts[2]).isEmpty(),
                "claims changed under the same signature");
        Map<String, Object> unknownKid = new LinkedHashMap<>(Map.of("kid", "another-key", "alg", "RS256"));
        assertTrue(tokens.verify("Bearer " + tokens.signed(unknownKid, valid())).isEmpty(), "a kid the key set does not hold");
    }

    @Test
    void aTokenForAnotherAudienceOrIssuerIsRefused() {
        for (String[] change : new String[][] {{"aud", "someone-else"}, {"iss", "https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_other"}}) {
            Map<String, Object> claims = valid();
            claims.put(change[0], change[1]);
            assertTrue(tokens.verify("Bearer " + tokens.signed(claims)).isEmpty(), "refused: " + claims);
        }
        // As API Gateway: client_id is the audience of a token without aud (Cognito's access tokens).
        Map<String, Object> access = valid();
        access.remove("aud");
        access.put("client_id", DevAgentTokens.AUDIENCE);
        access.put("token_use", "access");
        assertTrue(tokens.verify("Bearer " + tokens.signed(access)).isPresent());
    }

    @Test
    void algNoneAndHmacAreRefused() throws Exception {
        String unsigned = part(Map.of("alg", "none", "typ", "JWT")) + "." + part(valid());
        assertTrue(tokens.verify("Bearer " + unsigned + ".").isEmpty());
        assertTrue(tokens.verify("Bearer " + unsigned + "." + B64.encodeToString(new byte[32])).isEmpty());
        // The public key used as an HMAC secret (the classic RS256 to HS256 confusion).
        String kid = ((Map<?, ?>) ((List<?>) Json.readObject(tokens.jwks()).get("keys")).get(0)).get("kid").toString();
        String content = part(Map.of("alg", "HS256", "kid", kid)) + "." + part(valid());
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(tokens.jwks().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String hmac = content + "." + B64.encodeToString(mac.doFinal(content.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(tokens.verify("Bearer " + hmac).isEmpty());
    }
}
