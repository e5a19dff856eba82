package io.tweestap.challenge.domain;

/**
 * How a person confirms a sign-in: a push to their authenticator, or a code to their verified phone
 * by SMS or by a voice call (sms-service sends it).
 */
public enum SignInMethod {
    PUSH, SMS, VOICE;

    /** The channel sms-service sends a code by; only for SMS and VOICE. */
    public String codeChannel() {
        if (this == PUSH) {
            throw new IllegalStateException("A push sends no code");
        }
        return name();
    }
}
