package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A phone as a fallback method. The number itself stays in sms-service (its {@code phoneId});
 * we only keep the masked form to show the user which phone it is.
 */
@Entity
@Table(name = "phone_method")
public class PhoneMethod extends PanacheEntityBase {

    public enum Status { PENDING, VERIFIED }

    @Id
    public UUID id;

    @Column(name = "phone_id", nullable = false)
    public String phoneId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(name = "verification_id", nullable = false)
    public String verificationId;

    @Column(name = "masked_number", nullable = false)
    public String maskedNumber;

    @Column(nullable = false)
    public String channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** The phone method this one replaces once verified ("change the phone number", decision 0090), or null. */
    @Column(name = "replaces")
    public UUID replaces;
}
