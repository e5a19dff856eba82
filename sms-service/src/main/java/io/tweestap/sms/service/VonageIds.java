package io.tweestap.sms.service;

import java.util.regex.Pattern;

/**
 * Vonage's message ids and call uuids as our log lines show them. They arrive in callbacks, so a
 * forged one could carry line breaks or anything else: only a plain id is printed as it is.
 */
final class VonageIds {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private VonageIds() {
    }

    static String printable(String id) {
        if (id == null) {
            return "(none)";
        }
        return PLAIN.matcher(id).matches() ? id : "(not a Vonage id, " + id.length() + " characters)";
    }
}
