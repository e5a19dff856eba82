package io.tweestap.events.sms;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A voice call that reads the code aloud was placed (number masked). */
public record VoiceCallPlaced(String tenantId, String userId, Instant occurredAt, String verificationId, String maskedNumber, String purpose) implements TweestapEvent {

    @Override
    public String subject() {
        return verificationId;
    }
}
