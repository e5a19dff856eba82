package io.tweestap.events.notification;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A push could not be delivered through a channel. */
public record NotificationFailed(String tenantId, String userId, Instant occurredAt, String challengeId, String deviceId, String channel, String reason) implements TweestapEvent {

    @Override
    public String subject() {
        return challengeId;
    }
}
