package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** One user's MFA registration, from "more information required" to done. */
@Entity
public class Enrollment extends PanacheEntityBase {

    /** STARTED until the tenant's policy is met (COMPLETED) or an administrator resets the user (RESET). */
    public enum Status { STARTED, COMPLETED, RESET }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    public static Enrollment start(String tenantId, String userId, Instant now) {
        Enrollment enrollment = new Enrollment();
        enrollment.id = UUID.randomUUID();
        enrollment.tenantId = tenantId;
        enrollment.userId = userId;
        enrollment.status = Status.STARTED;
        enrollment.createdAt = now;
        return enrollment;
    }
}
