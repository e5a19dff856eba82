package io.tweestap.devicekeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * What a device signs for every HTTP or WebSocket request: the method, the path, who it is, when,
 * a fresh nonce and a hash of the body. The server rejects a stale timestamp and a nonce it has
 * seen, so a captured request cannot be replayed.
 *
 * <p>Headers: {@value #DEVICE_HEADER}, {@value #TIMESTAMP_HEADER} (epoch seconds),
 * {@value #NONCE_HEADER}, {@value #SIGNATURE_HEADER} (base64url DER ECDSA).
 */
public record SignedRequest(String method, String path, String deviceId, long timestamp, String nonce, String bodySha256) {

    public static final String DEVICE_HEADER = "Tweestap-Device";
    public static final String TIMESTAMP_HEADER = "Tweestap-Timestamp";
    public static final String NONCE_HEADER = "Tweestap-Nonce";
    public static final String SIGNATURE_HEADER = "Tweestap-Signature";

    /** How far a device clock may be from ours, and so how long a nonce must be remembered. */
    public static final long MAX_CLOCK_SKEW_SECONDS = 300;

    public static SignedRequest of(String method, String path, String deviceId, long timestamp, String nonce, byte[] body) {
        return new SignedRequest(method.toUpperCase(), path, deviceId, timestamp, nonce, sha256(body == null ? new byte[0] : body));
    }

    public String statement() {
        return String.join("\n", "tweestap-request-v1", method, path, deviceId, Long.toString(timestamp), nonce, bodySha256);
    }

    public boolean isFresh(long nowEpochSeconds) {
        return Math.abs(nowEpochSeconds - timestamp) <= MAX_CLOCK_SKEW_SECONDS;
    }

    static String sha256(byte[] body) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
