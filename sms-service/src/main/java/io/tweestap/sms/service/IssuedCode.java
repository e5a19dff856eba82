package io.tweestap.sms.service;

import io.tweestap.sms.domain.Channel;
import java.time.Instant;
import java.util.UUID;

/** A verification whose current code is on its way; what callers may know about it. */
public record IssuedCode(UUID verificationId, UUID phoneId, String maskedNumber, Channel channel, Instant expiresAt,
        Instant resendAvailableAt) {
}
