package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The user spent a temporary access pass: the platform got a setup wizard link for the enrollment named here. */
public record TemporaryAccessPassRedeemed(String tenantId, String userId, Instant occurredAt, String passId,
        String enrollmentId) implements TweestapEvent {

    @Override
    public String subject() {
        return passId;
    }
}
