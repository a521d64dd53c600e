package fr.accueil.local;

import fr.accueil.embedded.LocalClients;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The runner's user pool: it mints ID tokens shaped as Cognito's (RS256, a {@code kid}, {@code token_use}
 * "id", {@code cognito:groups}, {@code custom:site}, {@code custom:partner}) and verifies them as the HTTP
 * API's JWT authorizer does (API Gateway, « Control access to HTTP APIs with JWT authorizers »): the key named
 * by the header's {@code kid} in the JWKS it serves, an RSA algorithm, {@code iss}, {@code aud} (or
 * {@code client_id} when there is no {@code aud}), {@code exp}, {@code nbf} and {@code iat}. Like the authorizer it
 * does not look at {@code token_use} nor {@code sub}: the functions do. The key pair is drawn at each start, so a
 * token never outlives the runner that issued it.
 */
final class DevAgentTokens {
    /** Shaped as a Cognito issuer, {@code https://cognito-idp.<region>.amazonaws.com/<pool id>}. */
    static final String ISSUER = "https://cognito-idp." + LocalClients.REGION.id() + ".amazonaws.com/"
            + LocalClients.REGION.id() + "_accueilLocal";
    /** The app client's id: the audience of its ID tokens. */
    static final String AUDIENCE = "accueil-local-agent-pages";
    /** Where the runner serves its public keys (Cognito: {@code <issuer>/.well-known/jwks.json}). */
    static final String JWKS_PATH = "/.well-known/jwks.json";
    /** Local only: {@code GET /local/agent-token?groups=agents,managers&site=metz-borny&partner=caf&sub=} mints a token. */
    static final String MINT_PATH = "/local/agent-token";
    /** As the template's app client: IdTokenValidity 12 hours. */
    static final Duration VALIDITY = Duration.ofHours(12);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();

    /** Who a token is for: the claims an administrator sets in Cognito (groups, custom:site, custom:partner). */
    record Agent(String subject, List<String> groups, String sites, String partner) {
        /** Every role, every site: the runner's own dev token. */
        static Agent everything(String subject) {
            return new Agent(subject, List.of("agents", "managers", "coordinators", "data-protection"), "*", null);
        }
    }

    private final String kid;
    private final PrivateKey signingKey;
    private final String jwks;
    private final Map<String, PublicKey> keys;
    private final Clock clock;

    private DevAgentTokens(String kid, KeyPair pair, Clock clock) {
        this.kid = kid;
        this.signingKey = pair.getPrivate();
        this.clock = clock;
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        this.jwks = Json.write(Map.of("keys", List.of(Map.of("kid", kid, "kty", "RSA", "alg", "RS256", "use", "sig",
                "n", B64.encodeToString(unsigned(publicKey.getModulus())),
                "e", B64.encodeToString(unsigned(publicKey.getPublicExponent()))))));
        // Verification reads the very document served, as the authorizer reads the pool's jwks_uri.
        this.keys = keysOf(jwks);
    }

    /** A fresh RSA key pair: tokens of an earlier start are refused. */
    static DevAgentTokens random(Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new DevAgentTokens(UUID.randomUUID().toString(), generator.generateKeyPair(), clock);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA unavailable", e);
        }
    }

    /** The JSON Web Key Set of the pool, served at {@link #JWKS_PATH}. */
    String jwks() {
        return jwks;
    }

    /** An ID token as Cognito issues it to the agents' pages. */
    String issue(Agent agent, Duration validity) {
        Instant now = clock.instant();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", agent.subject());
        if (!agent.groups().isEmpty()) {
            claims.put("cognito:groups", agent.groups());
        }
        claims.put("email_verified", true);
        claims.put("iss", ISSUER);
        claims.put("cognito:username", agent.subject());
        claims.put("aud", AUDIENCE);
        claims.put("token_use", "id");
        claims.put("auth_time", now.getEpochSecond());
        claims.put("exp", now.plus(validity).getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("email", agent.subject() + "@agents.accueil.local");
        if (agent.sites() != null) {
            claims.put("custom:site", agent.sites());
        }
        if (agent.partner() != null) {
            claims.put("custom:partner", agent.partner());
        }
        return signed(claims);
    }

    /** Any claims, signed with this pool's key (tests use it to check what {@link #verify} refuses). */
    String signed(Map<String, Object> claims) {
        return signed(Map.of("kid", kid, "alg", "RS256"), claims);
    }

    /** Any header and claims, signed RS256 with this pool's key. */
    String signed(Map<String, Object> header, Map<String, Object> claims) {
        String content = part(header) + "." + part(claims);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signingKey);
            rsa.update(content.getBytes(StandardCharsets.US_ASCII));
            return content + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA256withRSA unavailable", e);
        }
    }

    /**
     * The claims of a valid bearer token, as API Gateway hands them to the function, or empty when the
     * request must be refused with 401.
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
            // Only RSA-based algorithms (the pool signs RS256); "none" and HMAC first of all are refused.
            PublicKey key = keys.get(String.valueOf(header.get("kid")));
            if (!"RS256".equals(header.get("alg")) || key == null) {
                return Optional.empty();
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(B64_DECODER.decode(parts[2]))) {
                return Optional.empty();
            }
            Map<String, Object> claims = Json.readObject(new String(B64_DECODER.decode(parts[1]), StandardCharsets.UTF_8));
            long now = clock.instant().getEpochSecond();
            Object audience = claims.containsKey("aud") ? claims.get("aud") : claims.get("client_id");
            if (!ISSUER.equals(claims.get("iss")) || !audienceMatches(audience)
                    || !(claims.get("exp") instanceof Number exp) || exp.longValue() <= now
                    || claims.get("nbf") instanceof Number nbf && nbf.longValue() > now
                    || claims.get("iat") instanceof Number iat && iat.longValue() > now) {
                return Optional.empty();
            }
            Map<String, String> strings = new LinkedHashMap<>();
            claims.forEach((name, value) -> strings.put(name, claimText(value)));
            return Optional.of(strings);
        } catch (IOException | IllegalArgumentException | ClassCastException | GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * A claim as the HTTP API's authorizer passes it to the function: text; an array as its items between
     * brackets, separated by spaces ({@code "[agents managers]"}, see AgentAccess.listClaim for the sources).
     */
    static String claimText(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(DevAgentTokens::claimText).collect(Collectors.joining(" ", "[", "]"));
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return Long.toString(number.longValue());
        }
        return String.valueOf(value);
    }

    private static boolean audienceMatches(Object aud) {
        return AUDIENCE.equals(aud) || aud instanceof List<?> list && list.contains(AUDIENCE);
    }

    private static Map<String, PublicKey> keysOf(String jwks) {
        try {
            Map<String, PublicKey> keys = new LinkedHashMap<>();
            KeyFactory factory = KeyFactory.getInstance("RSA");
            for (Object item : (List<?>) Json.readObject(jwks).get("keys")) {
                Map<?, ?> jwk = (Map<?, ?>) item;
                keys.put((String) jwk.get("kid"), factory.generatePublic(new RSAPublicKeySpec(
                        new BigInteger(1, B64_DECODER.decode((String) jwk.get("n"))),
                        new BigInteger(1, B64_DECODER.decode((String) jwk.get("e"))))));
            }
            return Map.copyOf(keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("unreadable JWKS", e);
        }
    }

    /** A JWK's integers are big-endian without the sign byte Java adds (RFC 7518 §6.3.1). */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 && bytes.length > 1 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }
}
