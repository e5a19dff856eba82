package io.tweestap.sms.domain;

/** The languages the SMS text and the voice message exist in. */
public enum Language {
    NL, EN;

    public static Language of(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
