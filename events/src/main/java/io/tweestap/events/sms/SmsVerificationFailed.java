package io.tweestap.events.sms;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A code check failed; attemptsLeft 0 means the code is locked. */
public record SmsVerificationFailed(String tenantId, String userId, Instant occurredAt, String verificationId, String reason, int attemptsLeft) implements TweestapEvent {

    @Override
    public String subject() {
        return verificationId;
    }
}
