package io.tweestap.enrollment.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one-time credential a phone presents to activate itself: 128 bits, shown as a QR code and
 * as 26 base32 characters in groups for people who cannot scan.
 *
 * <p>The code is derived with HMAC-SHA256 from the wizard's session secret (256 random bits,
 * held only by the browser) and the id of the issued code, so the server can show the same code
 * again on a reload without ever storing it; the database holds only its SHA-256 (decision 0032).
 */
public final class ActivationCode {

    private static final char[] ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ0123456789".toCharArray();
    public static final int LENGTH = 26;

    private final String canonical;

    private ActivationCode(String canonical) {
        this.canonical = canonical;
    }

    public static ActivationCode derive(SecretToken session, UUID activationId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(session.value().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("tweestap-activation-code-v1:" + activationId).getBytes(StandardCharsets.UTF_8));
            return new ActivationCode(base32(digest, LENGTH));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a person or a scanner typed: case, spaces and dashes do not matter. */
    public static ActivationCode parse(String typed) {
        String canonical = typed == null ? "" : typed.replaceAll("[\\s-]", "").toUpperCase(Locale.ROOT);
        return new ActivationCode(canonical);
    }

    public boolean wellFormed() {
        if (canonical.length() != LENGTH) {
            return false;
        }
        for (char c : canonical.toCharArray()) {
            if (new String(ALPHABET).indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    public String canonical() {
        return canonical;
    }

    /** Groups of four for reading aloud and typing: {@code ABCD-EFGH-...}. */
    public String grouped() {
        return inGroupsOfFour(canonical);
    }

    /** {@code ABCD-EFGH-...}: also how a temporary access pass is read aloud ({@link AccessPassCode}). */
    static String inGroupsOfFour(String canonical) {
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < canonical.length(); i += 4) {
            if (i > 0) {
                grouped.append('-');
            }
            grouped.append(canonical, i, Math.min(i + 4, canonical.length()));
        }
        return grouped.toString();
    }

    public String hash() {
        return SecretToken.hashOf(canonical);
    }

    @Override
    public String toString() {
        return "ActivationCode[redacted]";
    }

    /** 26 characters of 5 bits carry the first 130 bits of the digest; at least 128 count. */
    private static String base32(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int buffer = 0;
        int bits = 0;
        int index = 0;
        while (out.length() < length) {
            if (bits < 5) {
                buffer = (buffer << 8) | (bytes[index++] & 0xff);
                bits += 8;
            }
            out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return out.toString();
    }
}
