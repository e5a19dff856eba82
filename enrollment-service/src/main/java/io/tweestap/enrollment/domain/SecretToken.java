package io.tweestap.enrollment.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A bearer secret handed to a browser (link token, wizard session). We keep only its SHA-256:
 * the secret has 256 bits of entropy, so an unsalted fast hash is enough and lets us look it up.
 */
public record SecretToken(String value) {

    private static final SecureRandom RANDOM = new SecureRandom();

    public static SecretToken generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new SecretToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    public String hash() {
        return hashOf(value);
    }

    /** Hex SHA-256, the form the database keys secrets by. */
    public static String hashOf(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Never print the secret, e.g. when a record ends up in a log line by accident. */
    @Override
    public String toString() {
        return "SecretToken[redacted]";
    }
}
