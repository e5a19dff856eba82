package io.tweestap.authenticator;

import java.time.Instant;
import java.util.Optional;

/**
 * One message on the direct push channel (notification-service's device stream):
 * {@code challenge} (a sign-in to answer), {@code challenge-closed} (answered elsewhere, expired, or
 * cancelled by the platform: take it off the screen; {@code outcome} says which)
 * {@code new-device} (another device was added to this account — a security notice) or
 * {@code access-pass} (the help desk issued a temporary access pass for this account, or it was spent:
 * {@code action} {@code issued} / {@code redeemed}; informational, nothing to answer).
 * A challenge carries its {@code serverNonce}: {@link #request()} is then all an answer needs.
 * {@code pushId} names the push; {@link PushStream} acknowledges it. A challenge the service did not
 * see acknowledged comes again with the same push id and challenge id: de-duplicate by {@code challengeId}.
 */
public record PushFrame(String type, String challengeId, String serverNonce, String purpose, String application, String ipAddress,
        String location, Instant expiresAt, String outcome, String deviceId, String deviceName, String platform,
        Instant registeredAt, String pushId, String passId, String action) {

    public static final String CHALLENGE = "challenge";
    public static final String CHALLENGE_CLOSED = "challenge-closed";
    public static final String NEW_DEVICE = "new-device";
    public static final String ACCESS_PASS = "access-pass";
    /** The outcome of a closing frame when the platform withdrew the sign-in (the person closed the sign-in page). */
    public static final String CANCELLED = "cancelled";

    public boolean isChallenge() {
        return CHALLENGE.equals(type);
    }

    /**
     * The sign-in request this challenge frame names, ready to answer; empty for another frame or a
     * challenge pushed without its server nonce (by a service from before it was sent), which the
     * device then finds in {@link Authenticator#pending}.
     */
    public Optional<SignInRequest> request() {
        if (!isChallenge() || challengeId == null || serverNonce == null || expiresAt == null) {
            return Optional.empty();
        }
        return Optional.of(new SignInRequest(challengeId, serverNonce, purpose, application, ipAddress, location, expiresAt));
    }

    /** The challenge it names is over: nothing to answer any more. */
    public boolean isChallengeClosed() {
        return CHALLENGE_CLOSED.equals(type) && challengeId != null;
    }
}
