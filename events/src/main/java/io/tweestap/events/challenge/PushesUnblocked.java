package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** An administrator lifted a fraud block or suppression; pushes reach the user again. */
public record PushesUnblocked(String tenantId, String userId, Instant occurredAt, String unblockedBy) implements TweestapEvent {

    @Override
    public String subject() {
        // The user's pushes are what was unblocked; the user has no other id here.
        return userId;
    }
}
