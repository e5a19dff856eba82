package io.tweestap.sms.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Proving that a user holds a phone: the current code (as HMAC), its expiry and the checks made. */
@Entity
@Table(name = "phone_verification")
public class PhoneVerification extends PanacheEntityBase {

    public enum Status { PENDING, VERIFIED, LOCKED }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "phone_id", nullable = false)
    public UUID phoneId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Channel channel;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Language language;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Purpose purpose;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "code_hmac", nullable = false)
    public byte[] codeHmac;

    @Column(name = "checks_made", nullable = false)
    public int checksMade;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "verified_at")
    public Instant verifiedAt;

    /** The caller's Idempotency-Key for the request that started it, if it sent one. */
    @Column(name = "request_key")
    public String requestKey;

    /** The checks the current code was issued with; null for codes from before tenants had their own (decision 0102). */
    @Column(name = "max_checks")
    public Integer maxChecks;

    public int maxChecksOr(int configured) {
        return maxChecks != null ? maxChecks : configured;
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** A fresh code: the old one stops working and the user gets a full set of checks again. */
    public void replaceCode(byte[] seal, Instant expiresAt, int maxChecks) {
        this.codeHmac = seal;
        this.expiresAt = expiresAt;
        this.maxChecks = maxChecks;
        this.checksMade = 0;
        this.status = Status.PENDING;
    }
}
