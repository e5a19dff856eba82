package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** An administrator revoked a temporary access pass before it ran out; it opens nothing from now on. */
public record TemporaryAccessPassRevoked(String tenantId, String userId, Instant occurredAt, String passId,
        String revokedBy) implements TweestapEvent {

    @Override
    public String subject() {
        return passId;
    }
}
