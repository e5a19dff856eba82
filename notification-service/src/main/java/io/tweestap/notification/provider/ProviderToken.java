package io.tweestap.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.tweestap.api.Problem.Violation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An APNs device token or an FCM registration token, as the device sends it when the provider
 * gives it a new one ({@code {"token": "..."}}; other members ignored). Checked for the provider's
 * form before it is stored, so the directory never holds something no provider could accept. The
 * token is a capability (whoever holds it, and the provider credentials, can push to the device),
 * so {@link #toString()} names only the kind.
 */
public record ProviderToken(String kind, String token) {

    /** APNs device tokens are hex: 32 bytes today, Apple allows them to grow (up to 100 bytes). */
    private static final Pattern APNS = Pattern.compile("(?:[0-9a-fA-F]{2}){32,100}");
    /** FCM registration tokens are about 150-200 characters of base64url with ':' (and at times '.'). */
    private static final Pattern FCM = Pattern.compile("[A-Za-z0-9_:.\\-]{32,1024}");

    public static final List<String> KINDS = List.of(ApnsProvider.KIND, FcmProvider.KIND);

    @Override
    public String toString() {
        return "ProviderToken[" + kind + "]";
    }

    /** The outcome of reading what the device sent: a token, or what is wrong with it. */
    public record Parsed(ProviderToken token, List<Violation> violations) {
    }

    public static Parsed parse(String kind, byte[] body) {
        JsonNode root = DeviceBody.object(body);
        if (root == null) {
            return refused("body", "must be a JSON object {\"token\": ...}");
        }
        JsonNode token = root.get("token");
        if (token == null || !token.isTextual()) {
            return refused("token", "must be a string");
        }
        String text = token.asText();
        if (ApnsProvider.KIND.equals(kind) && !APNS.matcher(text).matches()) {
            return refused("token", "must be an APNs device token: 64 to 200 hexadecimal digits, an even number");
        }
        if (FcmProvider.KIND.equals(kind) && !FCM.matcher(text).matches()) {
            return refused("token", "must be an FCM registration token: 32 to 1024 characters of A-Z a-z 0-9 _ - : .");
        }
        return new Parsed(new ProviderToken(kind, text), List.of());
    }

    private static Parsed refused(String field, String message) {
        return new Parsed(null, List.of(new Violation(field, message)));
    }
}
