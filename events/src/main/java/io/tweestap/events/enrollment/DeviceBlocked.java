package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * An administrator blocked a device without removing it: until {@link DeviceUnblocked} it gets no sign-in
 * challenges or pushes and its answers are refused; its key and push channels are kept.
 */
public record DeviceBlocked(String tenantId, String userId, Instant occurredAt, String deviceId, String reason,
        String blockedBy) implements TweestapEvent {

    @Override
    public String subject() {
        return deviceId;
    }
}
