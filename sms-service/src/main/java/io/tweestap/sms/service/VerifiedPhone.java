package io.tweestap.sms.service;

import java.util.UUID;

/** The right code was typed: the phone is the user's. */
public record VerifiedPhone(UUID verificationId, UUID phoneId, String maskedNumber) {
}
