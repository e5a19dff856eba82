package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.TemporaryAccessPass;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class TemporaryAccessPassRepository implements PanacheRepositoryBase<TemporaryAccessPass, UUID> {

    /** The id of the user's pass with this hash; another tenant's or user's pass is not found. */
    public Uni<UUID> idOf(String tenantId, String userId, String codeHash) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT id FROM temporary_access_pass WHERE code_hash = :hash AND tenant_id = :tenant AND user_id = :user",
                        UUID.class)
                .setParameter("hash", codeHash)
                .setParameter("tenant", tenantId)
                .setParameter("user", userId)
                .getSingleResultOrNull());
    }

    /**
     * Counts one redemption if the pass is neither revoked, expired nor (when single use) spent.
     * One UPDATE, so of two redemptions of a single-use pass at the same moment exactly one wins.
     */
    public Uni<Boolean> spend(UUID id, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE temporary_access_pass SET redemptions = redemptions + 1,"
                                + " redeemed_at = coalesce(redeemed_at, :now)"
                                + " WHERE id = :id AND revoked_at IS NULL AND expires_at > :now"
                                + " AND (NOT one_time OR redemptions = 0)")
                .setParameter("now", now)
                .setParameter("id", id)
                .executeUpdate())
                .map(updated -> updated == 1);
    }

    /** Revokes the pass unless it was revoked before; true when this call revoked it. */
    public Uni<Boolean> revoke(String tenantId, String userId, UUID id, String revokedBy, Instant now) {
        return update("revokedAt = ?1, revokedBy = ?2 where id = ?3 and tenantId = ?4 and userId = ?5 and revokedAt is null",
                now, revokedBy, id, tenantId, userId).map(updated -> updated == 1);
    }

    public Uni<TemporaryAccessPass> findForUser(String tenantId, String userId, UUID id) {
        return find("id = ?1 and tenantId = ?2 and userId = ?3", id, tenantId, userId).firstResult();
    }

    /** Newest first. */
    public Uni<List<TemporaryAccessPass>> ofUser(String tenantId, String userId) {
        return list("tenantId = ?1 and userId = ?2 order by issuedAt desc", tenantId, userId);
    }
}
