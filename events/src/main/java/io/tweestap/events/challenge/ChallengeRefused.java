package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * No push was sent: a fraud block, a suppression after repeated failures, the push limit, a
 * challenge already pending, or no usable device. Operations watch these for push bombing.
 */
public record ChallengeRefused(String tenantId, String userId, Instant occurredAt, String purpose, String reason) implements TweestapEvent {

    @Override
    public String subject() {
        // A refusal creates no challenge: there is nothing of ours it is about.
        return null;
    }
}
