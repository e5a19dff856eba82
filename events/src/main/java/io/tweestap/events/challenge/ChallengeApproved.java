package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The user approved a challenge on a device with the matching number. */
public record ChallengeApproved(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String deviceId) implements TweestapEvent {

    @Override
    public String subject() {
        return challengeId;
    }
}
