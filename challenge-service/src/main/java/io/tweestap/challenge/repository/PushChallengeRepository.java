package io.tweestap.challenge.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.PushChallenge;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Challenges, push and SMS alike, by id. */
@ApplicationScoped
public class PushChallengeRepository implements PanacheRepositoryBase<PushChallenge, UUID> {

    /** Scoped to the tenant: another tenant's id finds nothing. */
    public Uni<PushChallenge> ofTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    /** Scoped to the user: another user's id finds nothing. */
    public Uni<PushChallenge> ofUser(String tenantId, String userId, UUID id) {
        return find("id = ?1 and tenantId = ?2 and userId = ?3", id, tenantId, userId).firstResult();
    }

    /**
     * Up to 200 pending challenges whose time ran out become EXPIRED. Native: {@code SKIP LOCKED}
     * lets several instances share the work, and {@code RETURNING} names what expired for its events.
     *
     * @return id, tenant id, user id, purpose and method of each challenge expired
     */
    public Uni<List<Object[]>> expireOverdue(Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE push_challenge SET status = 'EXPIRED', decided_at = :now, reason = 'TIMEOUT'
                        WHERE id IN (SELECT id FROM push_challenge WHERE status = 'PENDING' AND expires_at <= :now
                                     ORDER BY expires_at LIMIT 200 FOR UPDATE SKIP LOCKED)
                        RETURNING id, tenant_id, user_id, purpose, method""", Object[].class)
                .setParameter("now", now)
                .getResultList());
    }

    /** The user's challenges still waiting for an answer at {@code now}, oldest first. */
    public Uni<List<PushChallenge>> pendingOf(String tenantId, String userId, Instant now) {
        return list("tenantId = ?1 and userId = ?2 and status = ?3 and expiresAt > ?4 order by createdAt",
                tenantId, userId, ChallengeStatus.PENDING, now);
    }
}
