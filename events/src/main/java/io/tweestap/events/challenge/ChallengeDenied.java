package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * A challenge was denied: by the user, by a wrong number, or by a limit. {@code decidedBy} says by
 * which method: PUSH, SMS or VOICE (absent in events written before it was added).
 */
public record ChallengeDenied(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String deviceId,
        String reason, String decidedBy) implements TweestapEvent {

    /** Without the deciding method, as events were written before it was added. */
    public ChallengeDenied(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String deviceId,
            String reason) {
        this(tenantId, userId, occurredAt, challengeId, purpose, deviceId, reason, null);
    }

    @Override
    public String subject() {
        return challengeId;
    }
}
