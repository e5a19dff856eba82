package io.tweestap.notification.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * The body a device signs when it registers or replaces its push channel (a Web Push subscription,
 * an APNs or FCM token), read as a JSON object. The resources take it as bytes, since the signature
 * covers exactly those bytes; only after the signature holds is it read here.
 */
final class DeviceBody {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DeviceBody() {
    }

    /** The body's JSON object; null when there is no body, it is not JSON, or it is JSON but not an object. */
    static JsonNode object(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
        return root != null && root.isObject() ? root : null;
    }
}
