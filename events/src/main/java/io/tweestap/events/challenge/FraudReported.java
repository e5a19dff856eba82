package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The user said they did not start this sign-in; pushes stay blocked until an admin unblocks. */
public record FraudReported(String tenantId, String userId, Instant occurredAt, String challengeId, String deviceId) implements TweestapEvent {

    @Override
    public String subject() {
        return challengeId;
    }
}
