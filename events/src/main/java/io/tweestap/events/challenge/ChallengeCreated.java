package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;
import java.util.List;

/**
 * A sign-in or enrolment test challenge waits for the user's answer: on their devices ({@code method}
 * {@value #PUSH}) or as a code sent to their phone ({@value #SMS} or, read out in a call, {@value #VOICE};
 * no devices). Never carries the number
 * to match or the code. Events written before the method was added lack it; they are pushes.
 *
 * <p>A push carries its {@code serverNonce}, the value a device signs into its answer, so that the
 * device can answer from the push alone instead of first asking for it with a signed request. It is
 * not a secret: it makes a signature belong to this one challenge, and only the device's key can
 * sign (decision 0097). Absent in events written before it was added and for sign-ins by code.
 *
 * <p>{@code deliveryAwaited}: whether challenge-service acts on the push reaching a device, which
 * calls off the sign-in's fallback to a code (decision 0104); notification-service repeats it on its
 * {@code NotificationDelivered}, so that a delivery nobody waits for costs challenge-service no
 * transaction (decision 0115). Absent (null) in events written before it was added: read as awaited.
 */
public record ChallengeCreated(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String application, String ipAddress, String location, List<String> deviceIds, Instant expiresAt, String method, String serverNonce, Boolean deliveryAwaited) implements TweestapEvent {

    /** Without saying whether its delivery is awaited: read as awaited. */
    public ChallengeCreated(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose,
            String application, String ipAddress, String location, List<String> deviceIds, Instant expiresAt, String method,
            String serverNonce) {
        this(tenantId, userId, occurredAt, challengeId, purpose, application, ipAddress, location, deviceIds, expiresAt,
                method, serverNonce, null);
    }

    /** Without a server nonce: an SMS sign-in, or a push the device answers after asking for it. */
    public ChallengeCreated(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose,
            String application, String ipAddress, String location, List<String> deviceIds, Instant expiresAt, String method) {
        this(tenantId, userId, occurredAt, challengeId, purpose, application, ipAddress, location, deviceIds, expiresAt,
                method, null, null);
    }

    public static final String PUSH = "PUSH";
    public static final String SMS = "SMS";
    public static final String VOICE = "VOICE";

    /** Whether the user's devices are asked (a missing method is a push: written before the method was added). */
    public boolean pushed() {
        return method == null || PUSH.equals(method);
    }

    @Override
    public String subject() {
        return challengeId;
    }
}
