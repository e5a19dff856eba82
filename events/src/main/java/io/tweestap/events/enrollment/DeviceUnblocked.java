package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** An administrator lifted a device's block: it gets sign-in challenges and pushes again. */
public record DeviceUnblocked(String tenantId, String userId, Instant occurredAt, String deviceId,
        String unblockedBy) implements TweestapEvent {

    @Override
    public String subject() {
        return deviceId;
    }
}
