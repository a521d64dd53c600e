package fr.accueil.domain.callback;

import java.util.Map;

/** Port: places an outbound call (Amazon Connect StartOutboundVoiceContact). */
public interface OutboundDialer {

    /**
     * Places a call that the contact flow puts through to the queue once answered.
     *
     * @param destination  E.164
     * @param contactFlowId the outbound contact flow
     * @param queue        the queue key (a key of the queue map)
     * @param attributes   contact attributes for the flow (callback id, attempt…; no personal data)
     * @param clientToken  idempotency token: the same token never places a second call
     * @return the Connect contact id
     */
    String dial(String destination, String contactFlowId, String queue, Map<String, String> attributes, String clientToken)
            throws Throttled, TransientFailure, PermanentFailure;

    /** Why a call was not placed. */
    abstract sealed class DialFailure extends Exception permits Throttled, TransientFailure, PermanentFailure {
        protected DialFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Too many requests: slow down and try the same call again. */
    final class Throttled extends DialFailure {
        public Throttled(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure that may pass (service unavailable, limit of concurrent calls reached): counts as a failed attempt. */
    final class TransientFailure extends DialFailure {
        public TransientFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A failure that will not pass (destination not allowed, bad flow): the callback fails. */
    final class PermanentFailure extends DialFailure {
        public PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
