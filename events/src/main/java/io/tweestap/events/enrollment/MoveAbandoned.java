package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * The move ended without moving: the old device is as it was, and a new device that had activated
 * for it ({@code newDeviceId}, null when none had) is removed ({@link DeviceRemoved}, reason
 * {@code move-abandoned}) in the same transaction.
 */
public record MoveAbandoned(String tenantId, String userId, Instant occurredAt, String moveId, String oldDeviceId,
        String newDeviceId, String reason) implements TweestapEvent {

    @Override
    public String subject() {
        return moveId;
    }
}
