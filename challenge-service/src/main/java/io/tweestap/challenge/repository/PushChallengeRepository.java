package io.tweestap.challenge.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.domain.SignInRules;
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

    /** A sign-in push whose fallback is due, as its claim returns it. */
    public record DueFallback(UUID challengeId, String tenantId, String userId, String language, List<SignInMethod> order) {
    }

    /**
     * Up to 20 pending sign-in pushes whose fallback is due and that no phone acknowledged (decision
     * 0104). Their due time moves to {@code leaseEnds}: no other instance takes them meanwhile
     * ({@code SKIP LOCKED}), and one that died with them takes them again after it.
     */
    public Uni<List<DueFallback>> claimDueFallbacks(Instant now, Instant leaseEnds) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE push_challenge SET fallback_due_at = :lease
                        WHERE id IN (SELECT id FROM push_challenge WHERE status = 'PENDING' AND fallback_due_at <= :now
                                     AND acknowledged_at IS NULL AND expires_at > :now
                                     ORDER BY fallback_due_at LIMIT 20 FOR UPDATE SKIP LOCKED)
                        RETURNING id, tenant_id, user_id, language, fallback_order""", Object[].class)
                .setParameter("now", now)
                .setParameter("lease", leaseEnds)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new DueFallback((UUID) row[0], (String) row[1], (String) row[2],
                        row[3] == null ? "nl" : (String) row[3], SignInRules.Fallback.orderOf((String) row[4]))).toList());
    }

    /** A phone acknowledged the push: it falls back to nothing. */
    public Uni<Void> acknowledged(UUID id, String tenantId, Instant at) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE push_challenge SET acknowledged_at = coalesce(acknowledged_at, :at), fallback_due_at = NULL
                        WHERE id = :id AND tenant_id = :tenant""")
                .setParameter("at", at)
                .setParameter("id", id)
                .setParameter("tenant", tenantId)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The push's code went out: the code confirms the challenge too, which lives at least as long as
     * the code. Only while it is pending; false when a decision came first.
     */
    public Uni<Boolean> fellBack(UUID id, String verificationId, SignInMethod method, Instant codeEnds) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        UPDATE push_challenge SET sms_verification_id = :verification, fallback_method = :method,
                            fallback_due_at = NULL, expires_at = greatest(expires_at, CAST(:codeEnds AS timestamptz))
                        WHERE id = :id AND status = 'PENDING'""")
                .setParameter("verification", verificationId)
                .setParameter("method", method.name())
                .setParameter("codeEnds", codeEnds)
                .setParameter("id", id)
                .executeUpdate()).map(updated -> updated == 1);
    }

    /** No code could be sent: the push waits for its phone or its expiry. */
    public Uni<Void> noFallback(UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE push_challenge SET fallback_due_at = NULL WHERE id = :id")
                .setParameter("id", id)
                .executeUpdate()).replaceWithVoid();
    }

    /** The user's challenges still waiting for an answer at {@code now}, oldest first. */
    public Uni<List<PushChallenge>> pendingOf(String tenantId, String userId, Instant now) {
        return list("tenantId = ?1 and userId = ?2 and status = ?3 and expiresAt > ?4 order by createdAt",
                tenantId, userId, ChallengeStatus.PENDING, now);
    }
}
