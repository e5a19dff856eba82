package io.tweestap.challenge.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A device's public key as this service learned it from DeviceRegistered; DeviceVerified marks it
 * verified (its test push was approved); DeviceRemoved and RegistrationReset revoke it; DeviceBlocked
 * and DeviceUnblocked hold it back and let it go without revoking it (decision 0089).
 */
@Entity
@Table(name = "known_device")
public class KnownDevice extends PanacheEntityBase {

    @Id
    @Column(name = "device_id")
    public String deviceId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    /** Null only while a DeviceVerified has arrived before its DeviceRegistered (then not active). */
    @Column(name = "public_key")
    public String publicKey;

    @Column(name = "device_name")
    public String deviceName;

    public boolean active;

    @Column(name = "registered_at", nullable = false)
    public Instant registeredAt;

    @Column(name = "removed_at")
    public Instant removedAt;

    /** When its test push was approved; only verified devices get and answer sign-in challenges. */
    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** Set while an administrator has the device blocked: no challenges reach it and its answers are refused. */
    @Column(name = "blocked_at")
    public Instant blockedAt;

    /** When the last block or unblock applied here happened; an older one arriving later changes nothing. */
    @Column(name = "block_changed_at")
    public Instant blockChangedAt;

    public boolean isVerified() {
        return verifiedAt != null;
    }

    public boolean isBlocked() {
        return blockedAt != null;
    }
}
