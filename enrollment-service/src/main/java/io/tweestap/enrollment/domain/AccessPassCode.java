package io.tweestap.enrollment.domain;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * The secret of a temporary access pass, read aloud by the help desk and typed by the user: 24
 * characters of Crockford's base32 (no I, L, O or U), 120 random bits, shown in groups of four.
 * With that much entropy a fast hash is enough to store it (only its SHA-256 is kept) and guessing
 * is hopeless even before the per-user lockout (decision 0083).
 */
public final class AccessPassCode {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String canonical;

    private AccessPassCode(String canonical) {
        this.canonical = canonical;
    }

    public static AccessPassCode generate() {
        StringBuilder code = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new AccessPassCode(code.toString());
    }

    /**
     * What a person typed: case, spaces and dashes do not matter, and the letters people confuse
     * with digits read as those digits (O as 0, I and L as 1), as Crockford's base32 does.
     */
    public static AccessPassCode parse(String typed) {
        String canonical = typed == null ? "" : typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT)
                .replace('O', '0').replace('I', '1').replace('L', '1');
        return new AccessPassCode(canonical);
    }

    public boolean wellFormed() {
        return canonical.length() == LENGTH && canonical.chars().allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }

    /** Groups of four for reading aloud and typing: {@code ABCD-EFGH-...}. */
    public String grouped() {
        return ActivationCode.inGroupsOfFour(canonical);
    }

    public String hash() {
        return SecretToken.hashOf("tweestap-access-pass-v1:" + canonical);
    }

    /** Never print the pass, e.g. when a record ends up in a log line by accident. */
    @Override
    public String toString() {
        return "AccessPassCode[redacted]";
    }
}
