package io.tweestap.events.challenge;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** An administrator lifted a fraud block or suppression; pushes reach the user again. */
public record PushesUnblocked(String tenantId, String userId, Instant occurredAt, String unblockedBy) implements TweestapEvent {
}
