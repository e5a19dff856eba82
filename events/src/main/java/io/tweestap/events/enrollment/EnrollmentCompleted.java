package io.tweestap.events.enrollment;

import io.tweestap.events.TweestapEvent;
import java.time.Instant;
import java.util.List;

/** The user meets the tenant's MFA registration policy. */
public record EnrollmentCompleted(String tenantId, String userId, Instant occurredAt, String enrollmentId, List<String> methods) implements TweestapEvent {

    @Override
    public String subject() {
        return enrollmentId;
    }
}
