package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The old device approved the move (with number matching) through the challenge {@code challengeId}. */
public record MoveCoSigned(String tenantId, String userId, Instant occurredAt, String moveId, String oldDeviceId,
        String newDeviceId, String challengeId) implements TweestapEvent {

    @Override
    public String subject() {
        return moveId;
    }
}
