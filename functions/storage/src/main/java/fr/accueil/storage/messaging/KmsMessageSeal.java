package fr.accueil.storage.messaging;

import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A queued message's text (it holds the management link, whose token cancels the appointment) encrypted with
 * the messages' KMS key: the functions that queue messages may only Encrypt, MessageSenderFunction only Decrypt,
 * so reading MessagesTable gives no power over an appointment. KMS encrypts up to 4 KB directly, more than any
 * message; the message id is the encryption context, so a ciphertext moved onto another message does not open.
 */
public final class KmsMessageSeal {
    private final KmsClient kms;
    private final String keyId;

    public KmsMessageSeal(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    /** {@code MESSAGES_KEY_ID} (the key's ARN); the endpoint as {@link AwsClients} reads it. */
    public static KmsMessageSeal fromEnvironment() {
        return new KmsMessageSeal(AwsClients.configure(KmsClient.builder(), "KMS").overrideConfiguration(AwsClients::messagingBounds).build(),
                Environment.required("MESSAGES_KEY_ID"));
    }

    public String seal(String messageId, String text) {
        byte[] sealed = kms.encrypt(r -> r.keyId(keyId).plaintext(SdkBytes.fromString(text, StandardCharsets.UTF_8))
                .encryptionContext(context(messageId))).ciphertextBlob().asByteArray();
        return Base64.getEncoder().encodeToString(sealed);
    }

    public String open(String messageId, String sealed) {
        return kms.decrypt(r -> r.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(Base64.getDecoder().decode(sealed)))
                .encryptionContext(context(messageId))).plaintext().asUtf8String();
    }

    private static Map<String, String> context(String messageId) {
        return Map.of("messageId", messageId);
    }
}
