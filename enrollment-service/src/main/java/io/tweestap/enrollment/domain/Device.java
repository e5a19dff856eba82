package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.UUID;

/** An authenticator bound to a user by its P-256 public key; VERIFIED once it approved the test notification. */
@Entity
public class Device extends PanacheEntityBase {

    public enum Status { REGISTERED, VERIFIED }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "enrollment_id")
    public UUID enrollmentId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String platform;

    @Column(name = "public_key", nullable = false)
    public String publicKey;

    /** JSON list of {@code {kind, address}}; only notification-service uses it, via the event. */
    @Column(name = "push_channels", nullable = false)
    public String pushChannels;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    /**
     * Registered before a test push was required (V8): other services trust it as verified, so the
     * purge of never-verified devices leaves it alone, whatever its status here (decision 0071).
     */
    @Column(name = "registered_before_test_push_rule", nullable = false)
    public boolean registeredBeforeTestPushRule;

    /** Set while an administrator has the device blocked (decision 0089); it is kept, but gets no challenges. */
    @Column(name = "blocked_at")
    public Instant blockedAt;

    /** The subject of the administrator's token that blocked it. */
    @Column(name = "blocked_by")
    public String blockedBy;

    /** {@code admin}, {@code lost} or {@code suspicious}. */
    @Column(name = "block_reason")
    public String blockReason;
}
