package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Wrong temporary access passes presented for one user, kept in the database so that every
 * instance counts the same guesses. Callers hold the user's setup lock, which serialises them.
 */
@ApplicationScoped
public class AccessPassFailures {

    /** Until when the user's redemptions are refused, or null when they are not. */
    public Uni<Instant> lockedUntil(String tenantId, String userId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT locked_until FROM access_pass_failures WHERE tenant_id = :tenant AND user_id = :user"
                                + " AND locked_until > :now", OffsetDateTime.class)
                .setParameter("tenant", tenantId)
                .setParameter("user", userId)
                .setParameter("now", now)
                .getSingleResultOrNull())
                .map(until -> until == null ? null : until.toInstant());
    }

    /**
     * Counts one failure. The count starts again when the window since the first failure has
     * passed or an earlier lockout ended; reaching {@code max} locks the user until now + lockout.
     */
    public Uni<Void> record(String tenantId, String userId, Instant now, int max, Duration window, Duration lockout) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO access_pass_failures AS f (tenant_id, user_id, failures, first_failure_at, locked_until)
                        VALUES (:tenant, :user, 1, :now, CASE WHEN 1 >= :max THEN CAST(:until AS timestamptz) END)
                        ON CONFLICT (tenant_id, user_id) DO UPDATE SET
                            failures = CASE WHEN f.first_failure_at <= :windowStart OR f.locked_until <= :now
                                            THEN 1 ELSE f.failures + 1 END,
                            first_failure_at = CASE WHEN f.first_failure_at <= :windowStart OR f.locked_until <= :now
                                            THEN :now ELSE f.first_failure_at END,
                            locked_until = CASE WHEN (CASE WHEN f.first_failure_at <= :windowStart OR f.locked_until <= :now
                                            THEN 1 ELSE f.failures + 1 END) >= :max THEN CAST(:until AS timestamptz) END
                        """)
                .setParameter("tenant", tenantId)
                .setParameter("user", userId)
                .setParameter("now", now)
                .setParameter("max", max)
                .setParameter("until", now.plus(lockout).atOffset(ZoneOffset.UTC))
                .setParameter("windowStart", now.minus(window))
                .executeUpdate())
                .replaceWithVoid();
    }

    /** A pass that worked ends the count. */
    public Uni<Void> clear(String tenantId, String userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "DELETE FROM access_pass_failures WHERE tenant_id = :tenant AND user_id = :user")
                .setParameter("tenant", tenantId)
                .setParameter("user", userId)
                .executeUpdate())
                .replaceWithVoid();
    }
}
