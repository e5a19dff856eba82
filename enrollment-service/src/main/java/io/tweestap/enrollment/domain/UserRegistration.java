package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** What we remember about a user across enrollments: snoozes taken and the chosen default method. */
@Entity
@Table(name = "user_registration")
@IdClass(UserRegistration.Key.class)
public class UserRegistration extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public String tenantId;

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "snoozes_used", nullable = false)
    public int snoozesUsed;

    @Column(name = "snoozed_until")
    public Instant snoozedUntil;

    @Column(name = "default_method")
    public UUID defaultMethod;

    public static UserRegistration fresh(String tenantId, String userId) {
        UserRegistration registration = new UserRegistration();
        registration.tenantId = tenantId;
        registration.userId = userId;
        return registration;
    }

    public static class Key implements Serializable {
        public String tenantId;
        public String userId;

        public Key() {
        }

        public Key(String tenantId, String userId) {
            this.tenantId = tenantId;
            this.userId = userId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.tenantId.equals(tenantId) && key.userId.equals(userId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenantId, userId);
        }
    }
}
