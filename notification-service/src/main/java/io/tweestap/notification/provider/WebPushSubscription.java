package io.tweestap.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tweestap.api.Problem.Violation;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A browser's push subscription (RFC 8030 endpoint, RFC 8291 keys), as the app sends it and as the
 * directory keeps it in its channel address. The endpoint is a capability (whoever knows it can
 * post to the browser), so only its host is ever logged; {@link #toString()} says no more.
 */
public record WebPushSubscription(URI endpoint, byte[] p256dh, byte[] auth) {

    public static final int MAX_ENDPOINT_LENGTH = 2048;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1");
    /** P-256: field prime p and curve coefficient b (a = -3), to check that p256dh is a point on the curve. */
    private static final BigInteger P = new BigInteger("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff", 16);
    private static final BigInteger B = new BigInteger("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b", 16);

    /** The origin the VAPID token is addressed to (RFC 8292 {@code aud}). */
    public String origin() {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    }

    public String host() {
        return endpoint.getHost();
    }

    /** How the subscription is kept in {@code device_channel.address}. */
    public String toAddress() {
        ObjectNode node = JSON.createObjectNode()
                .put("endpoint", endpoint.toString())
                .put("p256dh", base64Url(p256dh))
                .put("auth", base64Url(auth));
        return node.toString();
    }

    public static WebPushSubscription fromAddress(String address) {
        try {
            JsonNode node = JSON.readTree(address);
            return new WebPushSubscription(URI.create(node.get("endpoint").asText()),
                    Base64.getUrlDecoder().decode(node.get("p256dh").asText()), Base64.getUrlDecoder().decode(node.get("auth").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Unreadable Web Push channel address", e);
        }
    }

    @Override
    public String toString() {
        return "WebPushSubscription[" + host() + "]";
    }

    /** The outcome of reading what the app sent: a subscription, or what is wrong with it. */
    public record Parsed(WebPushSubscription subscription, List<Violation> violations) {
    }

    /**
     * Reads {@code {endpoint, keys: {p256dh, auth}}} (PushSubscription.toJSON(); other members are
     * ignored). Plain http is taken only for {@code localhost} / {@code 127.0.0.1} and only when
     * {@code loopbackHttp} (dev and test, where the push service is a stand-in on this machine).
     */
    public static Parsed parse(byte[] body, boolean loopbackHttp) {
        JsonNode root = DeviceBody.object(body);
        if (root == null) {
            return invalid(List.of(new Violation("body", "must be a JSON object {endpoint, keys: {p256dh, auth}}")));
        }
        List<Violation> violations = new ArrayList<>();
        URI endpoint = endpoint(root.path("endpoint"), loopbackHttp, violations);
        byte[] p256dh = key(root.path("keys").path("p256dh"), "keys.p256dh", 65, violations);
        if (p256dh != null && !onCurve(p256dh)) {
            violations.add(new Violation("keys.p256dh", "must be an uncompressed point on P-256"));
        }
        byte[] auth = key(root.path("keys").path("auth"), "keys.auth", 16, violations);
        return violations.isEmpty() ? new Parsed(new WebPushSubscription(endpoint, p256dh, auth), List.of()) : invalid(violations);
    }

    private static Parsed invalid(List<Violation> violations) {
        return new Parsed(null, List.copyOf(violations));
    }

    private static URI endpoint(JsonNode value, boolean loopbackHttp, List<Violation> violations) {
        if (!value.isTextual() || value.asText().isBlank()) {
            violations.add(new Violation("endpoint", "is required"));
            return null;
        }
        if (value.asText().length() > MAX_ENDPOINT_LENGTH) {
            violations.add(new Violation("endpoint", "must be at most " + MAX_ENDPOINT_LENGTH + " characters"));
            return null;
        }
        try {
            URI uri = new URI(value.asText());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            boolean safe = "https".equals(scheme) || "http".equals(scheme) && loopbackHttp && LOOPBACK.contains(host);
            if (!uri.isAbsolute() || host.isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null || !safe) {
                violations.add(new Violation("endpoint", "must be an absolute https URL without user info"));
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            violations.add(new Violation("endpoint", "must be an absolute https URL without user info"));
            return null;
        }
    }

    private static byte[] key(JsonNode value, String field, int length, List<Violation> violations) {
        if (!value.isTextual() || value.asText().isEmpty()) {
            violations.add(new Violation(field, "is required"));
            return null;
        }
        try {
            // Browsers send base64url without padding; a padded copy is the same bytes.
            byte[] bytes = Base64.getUrlDecoder().decode(value.asText().replace("=", ""));
            if (bytes.length == length) {
                return bytes;
            }
        } catch (IllegalArgumentException notBase64Url) {
            // reported below
        }
        violations.add(new Violation(field, "must be base64url of " + length + " bytes"));
        return null;
    }

    /** 0x04 || X || Y with y² = x³ - 3x + b (mod p): anything else could not be used for ECDH. */
    static boolean onCurve(byte[] point) {
        if (point.length != 65 || point[0] != 0x04) {
            return false;
        }
        BigInteger x = new BigInteger(1, java.util.Arrays.copyOfRange(point, 1, 33));
        BigInteger y = new BigInteger(1, java.util.Arrays.copyOfRange(point, 33, 65));
        if (x.compareTo(P) >= 0 || y.compareTo(P) >= 0) {
            return false;
        }
        BigInteger right = x.pow(3).subtract(x.multiply(BigInteger.valueOf(3))).add(B).mod(P);
        return y.pow(2).mod(P).equals(right);
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
