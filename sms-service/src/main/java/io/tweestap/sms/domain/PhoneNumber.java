package io.tweestap.sms.domain;

import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;

/**
 * A number libphonenumber accepted as valid. Only {@link #masked()} may leave this service or reach
 * a log line; {@link #toString()} is masked so a careless log statement cannot leak the number.
 */
public record PhoneNumber(String e164, String regionCode, PhoneNumberType type, String masked) {

    /** Digits only, without '+': the form Vonage's APIs take. */
    public String msisdn() {
        return e164.substring(1);
    }

    /** The first {@code digits} digits (country code included): numbers a pumping attack walks through share it. */
    public String prefix(int digits) {
        String msisdn = msisdn();
        return msisdn.substring(0, Math.min(digits, msisdn.length()));
    }

    @Override
    public String toString() {
        return masked;
    }
}
