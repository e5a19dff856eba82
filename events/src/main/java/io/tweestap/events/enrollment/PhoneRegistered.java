package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A verified phone became a fallback method of the user. */
public record PhoneRegistered(String tenantId, String userId, Instant occurredAt, String phoneId, String maskedNumber) implements TweestapEvent {

    @Override
    public String subject() {
        return phoneId;
    }
}
