package io.tweestap.authenticator;

import java.time.Duration;
import java.time.Instant;

/**
 * A push waiting for the person's answer, as challenge-service lists it: who wants to sign in,
 * to what and from where. The number to type is deliberately absent: only the sign-in screen shows it.
 */
public record SignInRequest(String challengeId, String serverNonce, String purpose, String application,
        String ipAddress, String location, Instant expiresAt) {

    public boolean isEnrollmentTest() {
        return "ENROLLMENT_TEST".equals(purpose);
    }

    public Duration timeLeft(Instant now) {
        Duration left = Duration.between(now, expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
