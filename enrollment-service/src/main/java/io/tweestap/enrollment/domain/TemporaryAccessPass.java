package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A temporary access pass: lets one user open the setup wizard without a working second factor,
 * until it expires, is used up or is revoked. Only the pass's hash is stored (decision 0083).
 */
@Entity
@Table(name = "temporary_access_pass")
public class TemporaryAccessPass extends PanacheEntityBase {

    /** What the help desk sees; the first that applies wins. */
    public enum Status { REVOKED, USED, EXPIRED, ACTIVE }

    @Id
    public UUID id;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "code_hash", nullable = false)
    public String codeHash;

    /** Used up by its first redemption; otherwise it may be redeemed until it expires. */
    @Column(name = "one_time", nullable = false)
    public boolean oneTime;

    @Column(name = "issued_by", nullable = false)
    public String issuedBy;

    @Column(name = "issued_at", nullable = false)
    public Instant issuedAt;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(nullable = false)
    public int redemptions;

    /** The first redemption. */
    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "revoked_by")
    public String revokedBy;

    public static TemporaryAccessPass issue(String tenantId, String userId, AccessPassCode code, boolean oneTime,
            String issuedBy, Instant now, Instant expiresAt) {
        TemporaryAccessPass pass = new TemporaryAccessPass();
        pass.id = UUID.randomUUID();
        pass.tenantId = tenantId;
        pass.userId = userId;
        pass.codeHash = code.hash();
        pass.oneTime = oneTime;
        pass.issuedBy = issuedBy;
        pass.issuedAt = now;
        pass.expiresAt = expiresAt;
        return pass;
    }

    public Status status(Instant now) {
        if (revokedAt != null) {
            return Status.REVOKED;
        }
        if (oneTime && redemptions > 0) {
            return Status.USED;
        }
        return expiresAt.isAfter(now) ? Status.ACTIVE : Status.EXPIRED;
    }
}
