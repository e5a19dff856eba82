package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;
import java.util.List;

/** A sign-in or enrolment test challenge waits for the user's devices; never carries the number to match. */
public record ChallengeCreated(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String application, String ipAddress, String location, List<String> deviceIds, Instant expiresAt) implements TweestapEvent {
}
