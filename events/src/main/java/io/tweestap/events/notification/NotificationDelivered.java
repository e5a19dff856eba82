package io.tweestap.events.notification;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A push reached a device through one of its channels. */
public record NotificationDelivered(String tenantId, String userId, Instant occurredAt, String challengeId, String deviceId, String channel, long latencyMillis) implements TweestapEvent {

    @Override
    public String subject() {
        return challengeId;
    }
}
