package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;
import java.util.List;

/**
 * A sign-in or enrolment test challenge waits for the user's answer: on their devices ({@code method}
 * {@value #PUSH}) or as a code sent to their phone ({@value #SMS}, no devices). Never carries the number
 * to match or the code. Events written before the method was added lack it; they are pushes.
 */
public record ChallengeCreated(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String application, String ipAddress, String location, List<String> deviceIds, Instant expiresAt, String method) implements TweestapEvent {

    public static final String PUSH = "PUSH";
    public static final String SMS = "SMS";

    /** Whether the user's devices are asked (a missing method is a push: written before the method was added). */
    public boolean pushed() {
        return method == null || PUSH.equals(method);
    }

    @Override
    public String subject() {
        return challengeId;
    }
}
