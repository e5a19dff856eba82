package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/**
 * The user started moving their authenticator to a new phone on their methods page: the new phone
 * activates through the enrolment {@code enrollmentId}, and the old device is asked to approve the
 * move before {@code expiresAt}; until then nothing about the old device changes.
 */
public record MoveRequested(String tenantId, String userId, Instant occurredAt, String moveId, String oldDeviceId,
        String enrollmentId, Instant expiresAt) implements TweestapEvent {

    @Override
    public String subject() {
        return moveId;
    }
}
