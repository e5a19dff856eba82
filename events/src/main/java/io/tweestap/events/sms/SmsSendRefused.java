package io.tweestap.events.sms;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * sms-service refused to send a code (invalid, premium or non-mobile number, country not allowed,
 * cooldown, or a send limit per number, prefix, country, user or tenant). verificationId is null when no verification existed yet; maskedNumber
 * is null when the number could not be read at all.
 */
public record SmsSendRefused(String tenantId, String userId, Instant occurredAt, String verificationId, String maskedNumber, String channel, String reason) implements TweestapEvent {

    @Override
    public String subject() {
        return verificationId;
    }
}
