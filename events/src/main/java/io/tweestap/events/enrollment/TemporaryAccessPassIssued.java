package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * An administrator or the help desk issued a temporary access pass for the user: with it the user
 * can open the setup wizard without a working second factor until {@code expiresAt}. The pass itself
 * is shown once to whoever issued it and is never in an event.
 */
public record TemporaryAccessPassIssued(String tenantId, String userId, Instant occurredAt, String passId,
        Instant expiresAt, boolean oneTime, String issuedBy) implements TweestapEvent {

    @Override
    public String subject() {
        return passId;
    }
}
