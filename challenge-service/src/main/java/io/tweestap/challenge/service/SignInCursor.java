package io.tweestap.challenge.service;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the next page of a user's sign-ins starts: the creation time and id of the last one shown.
 * Opaque to the caller (base64url), so the order it stands for can change without a new API version.
 */
public record SignInCursor(Instant createdAt, UUID id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Empty for anything this service did not hand out as a cursor. */
    public static Optional<SignInCursor> decode(String text) {
        if (text == null || text.length() > 128) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII).split("\\|", -1);
            if (parts.length != 2) {
                return Optional.empty();
            }
            return Optional.of(new SignInCursor(Instant.parse(parts[0]), UUID.fromString(parts[1])));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
