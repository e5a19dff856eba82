package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A challenge was denied: by the user, by a wrong number, or by a limit. */
public record ChallengeDenied(String tenantId, String userId, Instant occurredAt, String challengeId, String purpose, String deviceId, String reason) implements TweestapEvent {

    @Override
    public String subject() {
        return challengeId;
    }
}
