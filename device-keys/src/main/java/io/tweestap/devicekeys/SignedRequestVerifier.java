package io.tweestap.devicekeys;

import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * The checks every service makes of a device's signed request, written once: the four values
 * present, the claimed device the one the path names, a nonce of at most {@value #MAX_NONCE_LENGTH}
 * characters, a timestamp in epoch seconds within {@link SignedRequest#MAX_CLOCK_SKEW_SECONDS} of
 * ours, and then the signature by the device's key. What needs the service's own tables stays with
 * the service, in this order: the device's registered key ({@link Claim#signedBy}), then the nonce's
 * first use ({@link Claim#nonceKeptUntil}), remembered only after the signature verified, so
 * strangers cannot fill the nonce table.
 */
public final class SignedRequestVerifier {

    public static final int MAX_NONCE_LENGTH = 128;

    private SignedRequestVerifier() {
    }

    /** Why a signed request is refused, in the words of a log line (never the values themselves). */
    public enum Refusal {
        MISSING_OR_INCONSISTENT("missing or inconsistent signature headers"),
        TIMESTAMP_NOT_A_NUMBER("timestamp is not epoch seconds"),
        STALE("stale timestamp"),
        NOT_SIGNED_BY_THE_DEVICE("signature does not verify"),
        NONCE_ALREADY_USED("nonce already used");

        public final String why;

        Refusal(String why) {
            this.why = why;
        }
    }

    /** A request refused before any lookup. Thrown often (a stale clock): no stack trace. */
    public static final class RefusedRequest extends RuntimeException {
        public final Refusal refusal;

        RefusedRequest(Refusal refusal) {
            super(refusal.why, null, false, false);
            this.refusal = refusal;
        }
    }

    /** The four values as the device sent them: headers, or the stream's query parameters for a browser. */
    public record Presented(String device, String timestamp, String nonce, String signature) {

        /** From the {@code Tweestap-*} headers; {@code header} answers a header's value by its name, or null. */
        public static Presented fromHeaders(UnaryOperator<String> header) {
            return new Presented(header.apply(SignedRequest.DEVICE_HEADER), header.apply(SignedRequest.TIMESTAMP_HEADER),
                    header.apply(SignedRequest.NONCE_HEADER), header.apply(SignedRequest.SIGNATURE_HEADER));
        }
    }

    /**
     * @param deviceId the device the path names, the one the request must be signed for
     * @param rawPath  the path as sent, without the query
     * @param body     the body as sent; null for none
     * @throws RefusedRequest when a value is missing or inconsistent, or the timestamp is not fresh
     */
    public static Claim claim(String deviceId, String method, String rawPath, Presented presented, byte[] body,
            long nowEpochSeconds) {
        String nonce = presented.nonce();
        if (deviceId == null || !deviceId.equals(presented.device()) || presented.timestamp() == null || nonce == null
                || nonce.isBlank() || nonce.length() > MAX_NONCE_LENGTH || presented.signature() == null) {
            throw new RefusedRequest(Refusal.MISSING_OR_INCONSISTENT);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(presented.timestamp());
        } catch (NumberFormatException e) {
            throw new RefusedRequest(Refusal.TIMESTAMP_NOT_A_NUMBER);
        }
        SignedRequest request = SignedRequest.of(method, rawPath, deviceId, timestamp, nonce, body);
        if (!request.isFresh(nowEpochSeconds)) {
            throw new RefusedRequest(Refusal.STALE);
        }
        return new Claim(request, presented.signature());
    }

    /** A request whose values passed: it remains to see the device's key verify it and the nonce used once. */
    public record Claim(SignedRequest request, String signature) {

        public boolean signedBy(DeviceKey key) {
            return key.verifies(request.statement(), signature);
        }

        public String deviceId() {
            return request.deviceId();
        }

        public String nonce() {
            return request.nonce();
        }

        /**
         * The one nonce rule: a nonce is remembered (per device) while its timestamp could still pass
         * the freshness check, that is until the timestamp plus the allowed skew; after that the
         * timestamp alone refuses a replay. A purge adds a margin for instances whose clocks differ.
         */
        public Instant nonceKeptUntil() {
            return Instant.ofEpochSecond(request.timestamp()).plusSeconds(SignedRequest.MAX_CLOCK_SKEW_SECONDS);
        }
    }
}
