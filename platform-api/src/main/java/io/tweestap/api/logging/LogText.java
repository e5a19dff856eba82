package io.tweestap.api.logging;

/**
 * Log text made safe to put on one line: every control character (CR, LF, tab, the other C0 and
 * C1 codes, DEL, and the Unicode line and paragraph separators) becomes a visible escape, so text
 * that came from outside cannot start a forged log line or hide what follows it.
 */
public final class LogText {

    private LogText() {
    }

    public static boolean needsEscaping(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code "a\r\nb"} becomes {@code "a\\r\\nb"}; text without control characters is returned as it is. */
    public static String escape(String text) {
        if (!needsEscaping(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (isControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }
}
