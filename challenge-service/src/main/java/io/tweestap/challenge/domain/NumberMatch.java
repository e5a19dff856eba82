package io.tweestap.challenge.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The number the sign-in screen shows and the user must type on the phone. The phone never
 * receives it, so approving a push the user did not start requires seeing the attacker's screen.
 */
public final class NumberMatch {

    public static final int MIN_LENGTH = 2;
    public static final int MAX_LENGTH = 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private NumberMatch() {
    }

    /** A number of exactly {@code length} digits, never starting with 0, so it reads unambiguously. */
    public static String draw(int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("Number length must be " + MIN_LENGTH + " to " + MAX_LENGTH);
        }
        int low = (int) Math.pow(10, length - 1);
        return Integer.toString(low + RANDOM.nextInt(9 * low));
    }

    public static boolean matches(String expected, String typed) {
        if (typed == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), typed.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** A per-challenge nonce the device signs, so an answer is bound to this challenge only. */
    public static String serverNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
