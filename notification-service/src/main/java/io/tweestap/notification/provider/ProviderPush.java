package io.tweestap.notification.provider;

import java.time.Instant;
import java.util.Map;

/**
 * A push as a provider adapter sends it: the kind decides the visible alert, {@code data} is the
 * flat string map of the push message (challenge id, application, location, expiry; no secret).
 */
public record ProviderPush(String pushId, String kind, String reference, Map<String, String> data, Instant expiresAt) {
}
