package io.tweestap.events.sms;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A verification code went out by SMS (number masked). */
public record SmsSent(String tenantId, String userId, Instant occurredAt, String verificationId, String maskedNumber, String purpose) implements TweestapEvent {

    @Override
    public String subject() {
        return verificationId;
    }
}
