package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * The move is done: the new device is verified ({@link DeviceVerified}) and the old one removed
 * ({@link DeviceRemoved}, reason {@code moved}), both in the same transaction as this event.
 */
public record MoveCompleted(String tenantId, String userId, Instant occurredAt, String moveId, String oldDeviceId,
        String newDeviceId) implements TweestapEvent {

    @Override
    public String subject() {
        return moveId;
    }
}
