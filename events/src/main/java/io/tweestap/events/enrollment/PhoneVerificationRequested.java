package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The wizard asked sms-service to verify a phone; the number itself stays in sms-service. */
public record PhoneVerificationRequested(String tenantId, String userId, Instant occurredAt, String phoneId, String maskedNumber, String channel) implements TweestapEvent {

    @Override
    public String subject() {
        return phoneId;
    }
}
