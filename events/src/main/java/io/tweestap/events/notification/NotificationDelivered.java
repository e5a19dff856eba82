package io.tweestap.events.notification;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * A push reached a device through one of its channels. {@code deliveryAwaited} repeats the
 * challenge's {@code ChallengeCreated}: false when the challenge's producer does not act on its
 * delivery (no fallback to call off, decision 0115); absent (null) in events written before it was
 * added and for challenges whose creation did not say, read as awaited.
 */
public record NotificationDelivered(String tenantId, String userId, Instant occurredAt, String challengeId, String deviceId, String channel, long latencyMillis, Boolean deliveryAwaited) implements TweestapEvent {

    /** Without saying whether the delivery is awaited: read as awaited. */
    public NotificationDelivered(String tenantId, String userId, Instant occurredAt, String challengeId, String deviceId,
            String channel, long latencyMillis) {
        this(tenantId, userId, occurredAt, challengeId, deviceId, channel, latencyMillis, null);
    }

    /** Whether the challenge's producer may act on this delivery: only an explicit false says it does not. */
    public boolean awaited() {
        return !Boolean.FALSE.equals(deliveryAwaited);
    }

    @Override
    public String subject() {
        return challengeId;
    }
}
