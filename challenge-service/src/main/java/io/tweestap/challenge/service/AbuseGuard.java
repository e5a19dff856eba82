package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.UserGuard;
import io.tweestap.challenge.domain.UserKey;
import io.tweestap.challenge.repository.UserGuardRepository;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps each user's push-bombing and fraud state; every method joins the caller's transaction: the
 * Hibernate Reactive one, or the one of the plain client's {@code SqlConnection} it is given.
 */
@ApplicationScoped
public class AbuseGuard {

    @Inject
    UserGuardRepository guards;

    @Inject
    ChallengeSettings settings;

    /**
     * Locks the user's guard row (creating it on first use) so that concurrent challenge requests
     * for one user are checked one after the other and limits cannot be raced.
     */
    public Uni<UserGuard> lock(String tenantId, String userId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                INSERT INTO user_guard (tenant_id, user_id, consecutive_failures)
                                VALUES (:tenant, :user, 0) ON CONFLICT DO NOTHING""")
                        .setParameter("tenant", tenantId)
                        .setParameter("user", userId)
                        .executeUpdate())
                .chain(() -> guards.locked(tenantId, userId));
    }

    /** An approved sign-in, by push or SMS code: the counts since the last success start again. */
    public Uni<Void> succeeded(String tenantId, String userId) {
        return lock(tenantId, userId).invoke(UserGuard::succeeded).replaceWithVoid();
    }

    /** A denial or time-out; enough in a row pause pushes for a while. */
    public Uni<Void> failed(String tenantId, String userId, Instant now) {
        return lock(tenantId, userId).invoke(guard -> guard.failed(settings.failuresBeforeSuppression(),
                settings.suppression(), now)).replaceWithVoid();
    }

    public Uni<Void> fraudReported(String tenantId, String userId, Instant now) {
        return lock(tenantId, userId).invoke(guard -> guard.fraudReported(now)).replaceWithVoid();
    }

    /**
     * {@link #succeeded(String, String)} in the transaction of {@code connection} (the plain reactive
     * client, decision 0126): both counts back to zero in one statement, which locks the row as
     * {@link #lock} does.
     */
    public Uni<Void> succeeded(SqlConnection connection, String tenantId, String userId) {
        return connection.preparedQuery("""
                        INSERT INTO user_guard AS g (tenant_id, user_id, consecutive_failures, pushes_since_success)
                        VALUES ($1, $2, 0, 0)
                        ON CONFLICT (tenant_id, user_id) DO UPDATE SET consecutive_failures = 0, pushes_since_success = 0""")
                .execute(Tuple.of(tenantId, userId))
                .replaceWithVoid();
    }

    /** {@link #failed(String, String, Instant)} in the transaction of {@code connection}. */
    public Uni<Void> failed(SqlConnection connection, String tenantId, String userId, Instant now) {
        return lock(connection, tenantId, userId)
                .invoke(guard -> guard.failed(settings.failuresBeforeSuppression(), settings.suppression(), now))
                .chain(guard -> write(connection, guard));
    }

    /** {@link #fraudReported(String, String, Instant)} in the transaction of {@code connection}. */
    public Uni<Void> fraudReported(SqlConnection connection, String tenantId, String userId, Instant now) {
        return lock(connection, tenantId, userId).invoke(guard -> guard.fraudReported(now))
                .chain(guard -> write(connection, guard));
    }

    /** A sign-in push went out: one more since the last success, on the row {@link #lock} locked. */
    public Uni<Void> pushSent(SqlConnection connection, String tenantId, String userId) {
        return connection.preparedQuery("""
                        UPDATE user_guard SET pushes_since_success = pushes_since_success + 1
                        WHERE tenant_id = $1 AND user_id = $2""")
                .execute(Tuple.of(tenantId, userId))
                .replaceWithVoid();
    }

    /**
     * {@link #lock(String, String)} on a plain client's connection: the row locked and read, made first
     * on the user's first sign-in. A user who has signed in before costs one statement, not two.
     */
    public Uni<UserGuard> lock(SqlConnection connection, String tenantId, String userId) {
        return lockedRow(connection, tenantId, userId).chain(found -> found != null
                ? Uni.createFrom().item(found)
                : connection.preparedQuery("""
                                INSERT INTO user_guard (tenant_id, user_id, consecutive_failures)
                                VALUES ($1, $2, 0) ON CONFLICT DO NOTHING""")
                        .execute(Tuple.of(tenantId, userId))
                        // Made here or, meanwhile, by another first request: there now, and locked by the read.
                        .chain(() -> lockedRow(connection, tenantId, userId)));
    }

    /** The user's guard row, locked; null when there is none. */
    private static Uni<UserGuard> lockedRow(SqlConnection connection, String tenantId, String userId) {
        return connection.preparedQuery("""
                        SELECT fraud_blocked_at, consecutive_failures, pushes_since_success, suppressed_until
                        FROM user_guard WHERE tenant_id = $1 AND user_id = $2 FOR UPDATE""")
                .execute(Tuple.of(tenantId, userId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    UserGuard guard = new UserGuard();
                    guard.key = new UserKey(tenantId, userId);
                    guard.fraudBlockedAt = instant(row.getOffsetDateTime("fraud_blocked_at"));
                    guard.consecutiveFailures = row.getInteger("consecutive_failures");
                    guard.pushesSinceSuccess = row.getInteger("pushes_since_success");
                    guard.suppressedUntil = instant(row.getOffsetDateTime("suppressed_until"));
                    return guard;
                });
    }

    private static Uni<Void> write(SqlConnection connection, UserGuard guard) {
        return connection.preparedQuery("""
                        UPDATE user_guard SET fraud_blocked_at = $3, consecutive_failures = $4, pushes_since_success = $5,
                        suppressed_until = $6 WHERE tenant_id = $1 AND user_id = $2""")
                .execute(Tuple.from(new Object[] {guard.key.tenantId(), guard.key.userId(), offset(guard.fraudBlockedAt),
                        guard.consecutiveFailures, guard.pushesSinceSuccess, offset(guard.suppressedUntil)}))
                .replaceWithVoid();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** @return whether there was anything to lift */
    public Uni<Boolean> unblock(String tenantId, String userId) {
        return lock(tenantId, userId).map(guard -> {
            boolean wasBlocked = guard.fraudBlockedAt != null || guard.suppressedUntil != null || guard.consecutiveFailures > 0
                    || guard.pushesSinceSuccess > 0;
            guard.fraudBlockedAt = null;
            guard.suppressedUntil = null;
            guard.consecutiveFailures = 0;
            guard.pushesSinceSuccess = 0;
            return wasBlocked;
        });
    }
}
