package io.tweestap.enrollment.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A single-use, short-lived link to a user's own methods page and, once opened, the page session
 * it started (decision 0090). Only the hashes of the link token and of the session secret are stored.
 */
@Entity
@Table(name = "methods_page_link")
public class MethodsPageLink extends PanacheEntityBase {

    @Id
    @Column(name = "link_hash")
    public String linkHash;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "user_id", nullable = false)
    public String userId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;

    /** Where "Back" on the page returns the person; given by the platform with the link, or absent. */
    @Column(name = "return_url")
    public String returnUrl;

    @Column(name = "opened_at")
    public Instant openedAt;

    @Column(name = "session_hash")
    public String sessionHash;

    @Column(name = "session_expires_at")
    public Instant sessionExpiresAt;

    public static MethodsPageLink issue(String tenantId, String userId, SecretToken token, Instant expiresAt,
            String returnUrl) {
        MethodsPageLink link = new MethodsPageLink();
        link.linkHash = token.hash();
        link.tenantId = tenantId;
        link.userId = userId;
        link.expiresAt = expiresAt;
        link.returnUrl = returnUrl;
        return link;
    }
}
