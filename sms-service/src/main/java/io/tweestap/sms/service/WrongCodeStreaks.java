package io.tweestap.sms.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.AdvisoryLock;
import io.tweestap.events.NativeColumn;
import io.tweestap.sms.config.SmsSettings.ConsecutiveFailures;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.SendRefusal;
import io.tweestap.sms.service.SendLimits.Refusal;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Wrong codes in a row per user (tenant + user), across codes and verifications: a new code does
 * not start the count afresh (NIST SP 800-63B-4, OWASP ASVS 5). Every {@code backoff-every}th failure
 * in a row blocks sends and checks for a while, doubling each time; the {@code lock-at}th locks codes
 * by SMS and call for the user until an administrator unlocks them. A right code clears the count.
 * Decision 0025.
 */
@ApplicationScoped
public class WrongCodeStreaks {

    /** A user's current run of wrong codes; {@link #NONE} when the last check was right (or there was none). */
    public record Streak(int failures, Instant blockedUntil, Instant lockedAt) {

        static final Streak NONE = new Streak(0, null, null);
    }

    @Inject
    SmsSettings settings;

    /**
     * Advisory-lock class of a user's streak, apart from the send limits' classes. A check takes it
     * after the verification's row lock, so checks of two verifications of one user are evaluated one
     * at a time too: otherwise each could read the streak before the other counted its failure, and
     * the back-off after the fifth wrong code would let through up to five per open verification.
     */
    private static final AdvisoryLock STREAK_LOCK = new AdvisoryLock(0x534d5310);

    /** The user's streak, read under a lock held until the transaction of {@code connection} ends. */
    public Uni<Streak> lockedOf(SqlConnection connection, String tenantId, String userId) {
        return STREAK_LOCK.holdForUser(connection, tenantId, userId)
                .chain(() -> connection.preparedQuery("""
                                SELECT failures, blocked_until, locked_at FROM check_failure_streak
                                WHERE tenant_id = $1 AND user_id = $2""")
                        .execute(Tuple.of(tenantId, userId)))
                .map(WrongCodeStreaks::streak);
    }

    /** The user's streak as last committed, within the caller's Hibernate Reactive transaction. */
    public Uni<Streak> of(String tenantId, String userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT failures, blocked_until, locked_at FROM check_failure_streak
                        WHERE tenant_id = :tenant AND user_id = :user""", Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("user", userId)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? Streak.NONE : new Streak(((Number) rows.get(0)[0]).intValue(),
                        NativeColumn.instant(rows.get(0)[1]), NativeColumn.instant(rows.get(0)[2])));
    }

    /** Why a send or check must wait (or cannot happen at all) for this streak; empty when it may go ahead. */
    public Optional<Refusal> refusal(Streak streak, Instant now) {
        if (streak.lockedAt() != null) {
            return Optional.of(new Refusal(SendRefusal.CODES_LOCKED, null));
        }
        if (streak.blockedUntil() != null && streak.blockedUntil().isAfter(now)) {
            Duration wait = Duration.between(now, streak.blockedUntil());
            return Optional.of(new Refusal(SendRefusal.CHECK_BACKOFF, wait.isZero() ? Duration.ofSeconds(1) : wait));
        }
        return Optional.empty();
    }

    public Uni<Optional<Refusal>> refusal(String tenantId, String userId, Instant now) {
        return of(tenantId, userId).map(streak -> refusal(streak, now));
    }

    /**
     * Counts one more wrong code in one statement, so two checks at once (of one verification or of
     * two) are two failures; the row stays locked until the transaction of {@code connection} ends.
     */
    public Uni<Streak> failed(SqlConnection connection, String tenantId, String userId, Instant now) {
        ConsecutiveFailures rules = settings.consecutiveFailures();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return connection.preparedQuery("""
                        INSERT INTO check_failure_streak AS s (tenant_id, user_id, failures, last_failure_at)
                        VALUES ($1, $2, 1, $3)
                        ON CONFLICT (tenant_id, user_id)
                        DO UPDATE SET failures = s.failures + 1, last_failure_at = $3
                        RETURNING failures, blocked_until, locked_at""")
                .execute(Tuple.of(tenantId, userId, at))
                .chain(rows -> {
                    Streak counted = streak(rows);
                    int failures = counted.failures();
                    Instant lockedAt = counted.lockedAt() != null ? counted.lockedAt()
                            : failures >= rules.lockAt() ? now : null;
                    Instant blockedUntil = failures % rules.backoffEvery() == 0
                            ? now.plus(backoff(failures / rules.backoffEvery(), rules))
                            : counted.blockedUntil();
                    Streak next = new Streak(failures, blockedUntil, lockedAt);
                    if (next.equals(counted)) {
                        return Uni.createFrom().item(next);
                    }
                    return connection.preparedQuery("""
                                    UPDATE check_failure_streak SET blocked_until = $1, locked_at = $2
                                    WHERE tenant_id = $3 AND user_id = $4""")
                            .execute(Tuple.of(offset(blockedUntil), offset(lockedAt), tenantId, userId))
                            .replaceWith(next);
                });
    }

    /**
     * A right code, or an administrator's unlock: the next wrong code is the first again. One
     * statement, in the caller's transaction or on its own.
     */
    public Uni<Boolean> clear(SqlClient client, String tenantId, String userId) {
        return client.preparedQuery("DELETE FROM check_failure_streak WHERE tenant_id = $1 AND user_id = $2")
                .execute(Tuple.of(tenantId, userId))
                .map(deleted -> deleted.rowCount() > 0);
    }

    /** The wait after the {@code round}th block of failures: the first wait, doubled each round, capped. */
    static Duration backoff(int round, ConsecutiveFailures rules) {
        Duration wait = rules.backoff();
        for (int i = 1; i < round && wait.compareTo(rules.backoffMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(rules.backoffMax()) > 0 ? rules.backoffMax() : wait;
    }

    private static Streak streak(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Streak.NONE;
        }
        Row row = rows.iterator().next();
        return new Streak(row.getInteger(0), instant(row.getOffsetDateTime(1)), instant(row.getOffsetDateTime(2)));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
