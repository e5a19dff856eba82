package io.tweestap.challenge.projection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.enrollment.EnrollmentStarted;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class UserEnrollments {

    /** Runs inside the inbox transaction of the event that caused it. */
    public Uni<Void> record(EnrollmentStarted started) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO user_enrollment (tenant_id, user_id, enrollment_id, started_at, enrollments_started)
                        VALUES (:tenant, :user, :enrollment, :at, 1)
                        ON CONFLICT (tenant_id, user_id) DO UPDATE
                           SET enrollment_id = EXCLUDED.enrollment_id,
                               started_at = EXCLUDED.started_at,
                               enrollments_started = user_enrollment.enrollments_started + 1
                        """)
                .setParameter("tenant", started.tenantId())
                .setParameter("user", started.userId())
                .setParameter("enrollment", started.enrollmentId())
                .setParameter("at", started.occurredAt())
                .executeUpdate())
                .replaceWithVoid();
    }
}
