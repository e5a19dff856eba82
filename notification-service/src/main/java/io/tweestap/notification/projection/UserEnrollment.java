package io.tweestap.notification.projection;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** This service's own copy of a user's registration state; it never reads enrollment's database. */
@Entity
@Table(name = "user_enrollment")
public class UserEnrollment extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "tenant_id") String tenantId, @Column(name = "user_id") String userId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "enrollment_id", nullable = false)
    public String enrollmentId;

    @Column(name = "started_at", nullable = false)
    public Instant startedAt;

    @Column(name = "enrollments_started", nullable = false)
    public int enrollmentsStarted;
}
