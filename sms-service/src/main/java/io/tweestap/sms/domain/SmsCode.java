package io.tweestap.sms.domain;

/**
 * A 6-digit one-time code as it goes out to the phone. It exists only in memory between
 * generation and the Vonage call; the database keeps {@link SmsCodes#seal} of it.
 * {@link #toString()} never shows the digits.
 */
public record SmsCode(String digits) {

    /** "1, 2, 3, 4, 5, 6": text-to-speech reads single digits instead of "one hundred twenty-three thousand…". */
    public String spokenDigits() {
        return String.join(", ", digits.split(""));
    }

    @Override
    public String toString() {
        return "SmsCode[******]";
    }
}
