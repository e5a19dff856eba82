package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A phone is no longer a method of the user (removed or reset); sms-service may forget the number. */
public record PhoneRemoved(String tenantId, String userId, Instant occurredAt, String phoneId, String maskedNumber, String reason) implements TweestapEvent {

    @Override
    public String subject() {
        return phoneId;
    }
}
