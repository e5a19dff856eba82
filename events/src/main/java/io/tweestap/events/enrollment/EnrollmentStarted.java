package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;

/** A user began MFA registration; the platform obtained a wizard link for them. */
public record EnrollmentStarted(String tenantId, String userId, Instant occurredAt, String enrollmentId, Instant linkExpiresAt) implements TweestapEvent {

    @Override
    public String subject() {
        return enrollmentId;
    }
}
