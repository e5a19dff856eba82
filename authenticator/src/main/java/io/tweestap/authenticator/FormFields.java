package io.tweestap.authenticator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields of {@code application/x-www-form-urlencoded} text: an older activation link's query,
 * or a form a phone service posts (the Vonage sandbox's journal of what sms-service sent). Names and
 * values are decoded as UTF-8; a piece without a name or without {@code =} is not a field; the last
 * of a repeated name wins.
 */
public final class FormFields {

    private FormFields() {
    }

    /** In the order they stand; none for {@code null} or empty text. */
    public static Map<String, String> of(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }
}
