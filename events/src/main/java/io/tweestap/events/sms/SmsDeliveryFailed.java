package io.tweestap.events.sms;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** The carrier reported that a message was not delivered. */
public record SmsDeliveryFailed(String tenantId, String userId, Instant occurredAt, String verificationId, String maskedNumber, String reason) implements TweestapEvent {
}
