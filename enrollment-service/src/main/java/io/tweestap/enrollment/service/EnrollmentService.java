package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.Enrollment;
import io.tweestap.enrollment.repository.EnrollmentRepository;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@ApplicationScoped
public class EnrollmentService {

    /** How long the wizard link handed to the platform stays usable. */
    static final Duration LINK_LIFETIME = Duration.ofMinutes(15);

    @Inject
    EnrollmentRepository enrollments;

    @Inject
    Outbox outbox;

    @WithTransaction
    public Uni<Enrollment> start(String tenantId, String userId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Enrollment enrollment = Enrollment.start(tenantId, userId, now);
        return enrollments.persist(enrollment)
                .chain(() -> outbox.add(new EnrollmentStarted(tenantId, userId, now,
                        enrollment.id.toString(), now.plus(LINK_LIFETIME)), enrollment.id.toString()))
                .replaceWith(enrollment);
    }

    @WithSession
    public Uni<Enrollment> find(String tenantId, UUID id) {
        return enrollments.findForTenant(tenantId, id);
    }
}
