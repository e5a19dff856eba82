package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An activation code as the server remembers it: its hash, whose it is, until when, and whether it was used. */
@Entity
@Table(name = "activation_code")
public class IssuedActivationCode extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "code_hash", nullable = false)
    public String codeHash;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "enrollment_id", nullable = false)
    public UUID enrollmentId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "device_id")
    public UUID deviceId;

    /** Set when a registration reset ended this code before it was spent (decision 0070). */
    @Column(name = "ended_at")
    public Instant endedAt;
}
