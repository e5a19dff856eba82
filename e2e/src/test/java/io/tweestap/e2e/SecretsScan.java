package io.tweestap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Looks for secrets in what the platform wrote down: log lines and event records. Two kinds of
 * search: the secrets of this run, known by value (the person's full phone number, every SMS and
 * voice code the sandbox delivered, the activation code from the QR, the device's private key, the
 * services' configured keys), and the shapes a secret has whatever its value (a JWT, a bearer
 * header, a PEM or PKCS#8 private key, an unmasked Dutch mobile number). A finding names where and
 * what, never the secret itself, so the report does not leak it again.
 */
final class SecretsScan {

    /** A secret found: where (file and line, or topic and offset), what kind, and the text around it, masked. */
    record Finding(String where, String kind, String context) {
        @Override
        public String toString() {
            return where + ": " + kind + " in \"" + context + "\"";
        }
    }

    private static final Map<String, Pattern> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("JWT", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"));
        SHAPES.put("bearer token", Pattern.compile("(?i)bearer\\s+[A-Za-z0-9._~+/=-]{20,}"));
        SHAPES.put("PEM private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));
        // PKCS#8 in base64: a SEQUENCE whose first element is INTEGER 0 (the version), spelled as it falls
        // on the base64 grid after a 2-, 3- or 4-byte SEQUENCE header (Java's P-256 keys, OpenSSL's
        // P-256 keys, RSA keys). Public keys (SPKI), which events carry for devices, start with a
        // SEQUENCE of the algorithm instead and do not match.
        SHAPES.put("PKCS#8 private key", Pattern.compile("(?<![A-Za-z0-9+/])"
                + "(?:M[A-Za-z0-9+/]{2}CAQA|MIG[A-Za-z0-9+/]AgEA|MII[A-Za-z0-9+/]{3}IBAD)[A-Za-z0-9+/]{40,}"));
        // A Dutch mobile number in full, in any of its usual spellings; masked ones (+31 6 ****5678) do not match.
        SHAPES.put("full phone number", Pattern.compile("(?<![0-9A-Za-z])(?:\\+31|0031|31|0)[ -]?6[ -]?[0-9]{8}(?![0-9A-Za-z])"));
    }

    private final Map<String, String> knownValues = new LinkedHashMap<>();
    private final Map<String, Pattern> knownNumbers = new LinkedHashMap<>();

    /** A secret of this run, found wherever it appears as a substring (keys, tokens, numbers). */
    SecretsScan value(String kind, String secret) {
        if (secret == null || secret.length() < 6) {
            throw new IllegalArgumentException(kind + " too short to search for as a substring");
        }
        knownValues.put(secret, kind);
        return this;
    }

    /** A numeric code of this run, found only as a number of its own (not inside a longer number or id). */
    SecretsScan code(String kind, String digits) {
        knownNumbers.put(digits, Pattern.compile("(?<![0-9A-Za-z])" + Pattern.quote(digits) + "(?![0-9A-Za-z])"));
        knownValues.remove(digits);
        return this;
    }

    /** A full phone number: searched as its subscriber digits, so every spelling (+31 6…, 06 …, 316…) is caught. */
    SecretsScan phoneNumber(String nationalNumber) {
        String digits = nationalNumber.replaceAll("[^0-9]", "");
        String subscriber = digits.startsWith("0") ? digits.substring(1) : digits;
        return value("full phone number", subscriber);
    }

    List<Finding> scan(String where, String text) {
        List<Finding> findings = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String place = lines.length == 1 ? where : where + ":" + (i + 1);
            scanLine(place, lines[i], findings);
        }
        return findings;
    }

    List<Finding> scanFile(Path file) {
        try {
            return scan(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void scanLine(String where, String line, List<Finding> findings) {
        knownValues.forEach((secret, kind) -> {
            int at = line.indexOf(secret);
            if (at >= 0) {
                findings.add(new Finding(where, kind + " (this run's)", context(line, at, at + secret.length(), kind)));
            }
        });
        knownNumbers.forEach((digits, pattern) -> {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                findings.add(new Finding(where, "code (this run's)", context(line, matcher.start(), matcher.end(), "code")));
            }
        });
        SHAPES.forEach((kind, pattern) -> {
            Matcher matcher = pattern.matcher(line);
            if (matcher.find()) {
                findings.add(new Finding(where, kind, context(line, matcher.start(), matcher.end(), kind)));
            }
        });
    }

    private static String context(String line, int start, int end, String kind) {
        String before = line.substring(Math.max(0, start - 40), start);
        String after = line.substring(end, Math.min(line.length(), end + 40));
        return before + "<" + kind + ">" + after;
    }
}
