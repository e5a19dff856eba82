package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A single-use, short-lived ticket into the setup wizard; only the token's hash is stored. */
@Entity
@Table(name = "enrollment_link")
public class EnrollmentLink extends PanacheEntityBase {

    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "enrollment_id", nullable = false)
    public UUID enrollmentId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    @Column(name = "opened_at")
    public Instant openedAt;

    /** Where "Done" returns the person; given by the platform with the link, or absent. */
    @Column(name = "return_url")
    public String returnUrl;

    /** Where "Use a different account" sends the person; given by the platform with the link, or absent. */
    @Column(name = "switch_account_url")
    public String switchAccountUrl;

    /** Set when a registration reset ended this link before it was opened (decision 0070). */
    @Column(name = "ended_at")
    public Instant endedAt;

    public static EnrollmentLink issue(Enrollment enrollment, SecretToken token, Instant expiresAt,
            PlatformPages pages) {
        EnrollmentLink link = new EnrollmentLink();
        link.tokenHash = token.hash();
        link.tenantId = enrollment.tenantId;
        link.userId = enrollment.userId;
        link.enrollmentId = enrollment.id;
        link.expiresAt = expiresAt;
        link.returnUrl = pages.returnUrl();
        link.switchAccountUrl = pages.switchAccountUrl();
        return link;
    }
}
