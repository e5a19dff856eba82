package io.tweestap.events.sms;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * A code did not reach the user: Vonage refused or throttled the send, a delivery receipt or call
 * event said it did not arrive, or Vonage's answer was never recorded.
 *
 * <p>{@code channel} ({@code SMS} or {@code VOICE}) came after the first release of this type
 * (decision 0061), so it is null in events published before it; only then does the
 * {@code voice-} prefix of {@code reason} have to tell a failed call from a failed text.
 */
public record SmsDeliveryFailed(String tenantId, String userId, Instant occurredAt, String verificationId, String maskedNumber, String reason, String channel) implements TweestapEvent {

    @Override
    public String subject() {
        return verificationId;
    }
}
