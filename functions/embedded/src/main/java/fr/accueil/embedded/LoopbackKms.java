package fr.accueil.embedded;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AWS KMS on loopback for symmetric keys, in its JSON 1.1 protocol (X-Amz-Target TrentService.Encrypt and
 * TrentService.Decrypt; KMS API Reference), so the real SDK client encrypts and decrypts (AWS_ENDPOINT_URL_KMS).
 * Each key id gets an AES-256 key made at first use; a ciphertext is the key id, a nonce and AES-GCM's output,
 * the encryption context bound as additional data: as with KMS, a wrong context or key does not decrypt
 * (InvalidCiphertextException).
 */
public final class LoopbackKms extends LoopbackServer {
    private static final String JSON_TYPE = "application/x-amz-json-1.1";
    private static final int NONCE_BYTES = 12;

    private final Map<String, SecretKey> keys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private LoopbackKms() {
    }

    public static LoopbackKms start() throws IOException {
        LoopbackKms kms = new LoopbackKms();
        kms.listen();
        return kms;
    }

    @Override
    @SuppressWarnings("unchecked")
    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, Object> request = JSON.std.mapFrom(exchange.getRequestBody());
            Map<String, String> context = request.get("EncryptionContext") instanceof Map<?, ?> c ? (Map<String, String>) c : Map.of();
            try {
                if ("TrentService.Encrypt".equals(target)) {
                    String keyId = keyId((String) request.get("KeyId"));
                    byte[] sealed = encrypt(keyId, Base64.getDecoder().decode((String) request.get("Plaintext")), context);
                    send(exchange, 200, Map.of("CiphertextBlob", Base64.getEncoder().encodeToString(sealed), "KeyId", keyId,
                            "EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
                } else if ("TrentService.Decrypt".equals(target)) {
                    ByteBuffer blob = ByteBuffer.wrap(Base64.getDecoder().decode((String) request.get("CiphertextBlob")));
                    byte[] id = new byte[blob.getShort()];
                    blob.get(id);
                    String keyId = new String(id, StandardCharsets.UTF_8);
                    if (request.get("KeyId") instanceof String asked && !keyId(asked).equals(keyId)) {
                        throw new GeneralSecurityException("another key");
                    }
                    byte[] plaintext = decrypt(keyId, blob, context);
                    send(exchange, 200, Map.of("Plaintext", Base64.getEncoder().encodeToString(plaintext), "KeyId", keyId,
                            "EncryptionAlgorithm", "SYMMETRIC_DEFAULT"));
                } else {
                    send(exchange, 400, Map.of("__type", "UnknownOperationException", "message", "not served here: " + target));
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                send(exchange, 400, Map.of("__type", "InvalidCiphertextException", "message", "the ciphertext does not decrypt"));
            }
        }
    }

    /** As KMS takes a key: by its id or its ARN ({@code arn:aws:kms:<region>:<account>:key/<id>}), the same key. */
    private static String keyId(String idOrArn) {
        return idOrArn.startsWith("arn:") ? idOrArn.substring(idOrArn.lastIndexOf('/') + 1) : idOrArn;
    }

    private byte[] encrypt(String keyId, byte[] plaintext, Map<String, String> context) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key(keyId), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad(context));
        byte[] sealed = cipher.doFinal(plaintext);
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + id.length + NONCE_BYTES + sealed.length)
                .putShort((short) id.length).put(id).put(nonce).put(sealed).array();
    }

    private byte[] decrypt(String keyId, ByteBuffer rest, Map<String, String> context) throws GeneralSecurityException {
        if (!keys.containsKey(keyId)) {
            throw new GeneralSecurityException("unknown key");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        rest.get(nonce);
        byte[] sealed = new byte[rest.remaining()];
        rest.get(sealed);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, keys.get(keyId), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad(context));
        return cipher.doFinal(sealed);
    }

    private SecretKey key(String keyId) {
        return keys.computeIfAbsent(keyId, id -> {
            try {
                KeyGenerator generator = KeyGenerator.getInstance("AES");
                generator.init(256, random);
                return generator.generateKey();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The context in a canonical order, as additional authenticated data. */
    private static byte[] aad(Map<String, String> context) {
        return new TreeMap<>(context).toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        send(exchange, status, JSON_TYPE, JSON.std.asString(body).getBytes(StandardCharsets.UTF_8));
    }
}
