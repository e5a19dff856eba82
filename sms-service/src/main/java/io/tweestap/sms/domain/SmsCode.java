package io.tweestap.sms.domain;

import java.time.Duration;

/**
 * A one-time code of 6 to 8 digits as it goes out to the phone, with how long it is valid (the SMS
 * says so, and carriers drop it after that). It exists only in memory between generation and the
 * Vonage call; the database keeps {@link SmsCodes#seal} of it. {@link #toString()} never shows the digits.
 */
public record SmsCode(String digits, Duration lifetime) {

    /** "1, 2, 3, 4, 5, 6": text-to-speech reads single digits instead of "one hundred twenty-three thousand…". */
    public String spokenDigits() {
        return String.join(", ", digits.split(""));
    }

    @Override
    public String toString() {
        return "SmsCode[******]";
    }
}
