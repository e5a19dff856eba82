package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** Nobody answered a challenge in time. */
public record ChallengeExpired(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose) implements TweestapEvent {

    @Override
    public String subject() {
        return challengeId;
    }
}
