package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A device no longer belongs to the user; its key must not be trusted any more. */
public record DeviceRemoved(String tenantId, String userId, Instant occurredAt, String deviceId, String reason) implements TweestapEvent {

    @Override
    public String subject() {
        return deviceId;
    }
}
