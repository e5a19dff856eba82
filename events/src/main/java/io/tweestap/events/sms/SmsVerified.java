package io.tweestap.events.sms;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The user typed the right code; the phone is proven to be theirs. */
public record SmsVerified(String tenantId, String userId, Instant occurredAt, String verificationId, String phoneId, String maskedNumber, String purpose) implements TweestapEvent {

    @Override
    public String subject() {
        return verificationId;
    }
}
