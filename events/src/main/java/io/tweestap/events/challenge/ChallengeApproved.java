package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * The user approved a challenge: on a device with the matching number, or with a code.
 * {@code decidedBy} says which: PUSH, SMS or VOICE (absent in events written before it was added).
 */
public record ChallengeApproved(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String deviceId,
        String decidedBy) implements TweestapEvent {

    /** Without the deciding method, as events were written before it was added. */
    public ChallengeApproved(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String deviceId) {
        this(tenantId, userId, occurredAt, challengeId, purpose, deviceId, null);
    }

    @Override
    public String subject() {
        return challengeId;
    }
}
