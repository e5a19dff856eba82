package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The user approved the test notification on a newly registered device. */
public record DeviceVerified(String tenantId, String userId, Instant occurredAt, String deviceId, String challengeId) implements TweestapEvent {

    @Override
    public String subject() {
        return deviceId;
    }
}
