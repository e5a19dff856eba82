package io.tweestap.sms.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsVerificationFailed;
import io.tweestap.events.sms.SmsVerified;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.PhoneVerification;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.domain.SmsCodes;
import io.tweestap.sms.service.SendLimits.Refusal;
import io.tweestap.sms.service.WrongCodeStreaks.Streak;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Checks a typed code against a verification: the wizard's (through enrollment-service), the
 * phone-verification API's and the sign-in fallback's (through challenge-service) alike.
 *
 * <p>The verification row is locked ({@code SELECT ... FOR UPDATE}) before anything is read from it,
 * so checks of one verification are evaluated one at a time on every instance: each sees the checks
 * made before it and the code current at that moment (a resend takes the same lock), a late check
 * cannot write back an older count or status over a newer one, and no more than {@code max-checks}
 * guesses are ever evaluated against one code. Decision 0025.
 */
@ApplicationScoped
public class CodeCheck {

    private static final Logger LOG = Logger.getLogger(CodeCheck.class);

    /** The verification, locked, with its phone's masked number (fixed when the phone was added). */
    private static final String LOCK_VERIFICATION = """
            SELECT v.id, v.tenant_id, v.user_id, v.phone_id, v.purpose, v.status, v.code_hmac, v.checks_made,
                   v.max_checks, v.expires_at, p.masked_number
            FROM phone_verification v JOIN phone p ON p.id = v.phone_id
            WHERE v.tenant_id = $1 AND v.id = $2
            FOR UPDATE OF v""";

    private static final String COUNT_CHECK =
            "UPDATE phone_verification SET checks_made = $2, status = $3 WHERE id = $1";

    /** The verification and its phone: the phone keeps the time it was first verified. */
    private static final String VERIFY = """
            WITH verification AS (
                UPDATE phone_verification SET checks_made = $2, status = 'VERIFIED', verified_at = $3
                WHERE id = $1 RETURNING phone_id)
            UPDATE phone SET verified_at = $3
            WHERE id = (SELECT phone_id FROM verification) AND verified_at IS NULL""";

    @Inject
    Pool pool;

    @Inject
    SmsCodes codes;

    @Inject
    WrongCodeStreaks streaks;

    @Inject
    Outbox outbox;

    @Inject
    SmsSettings settings;

    @Inject
    Clock clock;

    /**
     * One transaction on the plain reactive client: a check is the busiest write of this service,
     * and through Hibernate Reactive it cost twice the CPU (decision 0124).
     */
    public Uni<VerifiedPhone> check(String tenantId, UUID verificationId, String typed) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return pool.withTransaction(connection -> connection.preparedQuery(LOCK_VERIFICATION)
                        .execute(Tuple.of(tenantId, verificationId))
                        .map(rows -> {
                            if (rows.size() == 0) {
                                throw ProblemException.notFound("Verification " + verificationId);
                            }
                            return Locked.of(rows.iterator().next());
                        })
                        .chain(locked -> streaks.lockedOf(connection, tenantId, locked.verification().userId)
                                .chain(streak -> check(connection, locked, streak, typed, now))))
                .map(Outcome::orThrow);
    }

    /**
     * The locked row as the domain object. It is not an entity of any session here: nothing is
     * written back but what {@link #check} writes itself.
     */
    private record Locked(PhoneVerification verification, String maskedNumber) {

        static Locked of(Row row) {
            PhoneVerification verification = new PhoneVerification();
            verification.id = row.getUUID("id");
            verification.tenantId = row.getString("tenant_id");
            verification.userId = row.getString("user_id");
            verification.phoneId = row.getUUID("phone_id");
            verification.purpose = Purpose.valueOf(row.getString("purpose"));
            verification.status = PhoneVerification.Status.valueOf(row.getString("status"));
            verification.codeHmac = row.getBuffer("code_hmac").getBytes();
            verification.checksMade = row.getInteger("checks_made");
            verification.maxChecks = row.getInteger("max_checks");
            verification.expiresAt = row.getOffsetDateTime("expires_at").toInstant();
            return new Locked(verification, row.getString("masked_number"));
        }
    }

    private Uni<Outcome<VerifiedPhone>> check(SqlConnection connection, Locked locked, Streak streak, String typed,
            Instant now) {
        PhoneVerification verification = locked.verification();
        int max = verification.maxChecksOr(settings.maxChecks());
        switch (verification.status) {
            case VERIFIED -> throw ProblemException.conflict("already-verified",
                    "Verification " + verification.id + " is already complete");
            case LOCKED -> {
                return failed(connection, verification, "locked", 0, now,
                        VerificationProblem.locked(settings.resendCooldown()));
            }
            case PENDING -> {
            }
        }
        // Not evaluated, and so not counted: the user has guessed wrong too often in a row.
        Optional<Refusal> waiting = streaks.refusal(streak, now);
        if (waiting.isPresent()) {
            Refusal refusal = waiting.get();
            String reason = refusal.retryAfter() == null ? "codes-locked" : "backoff";
            return failed(connection, verification, reason, Math.max(max - verification.checksMade, 0), now,
                    VerificationProblem.refused(refusal.reason(), refusal.retryAfter()));
        }
        if (verification.expiredAt(now)) {
            return failed(connection, verification, "expired", max - verification.checksMade, now,
                    VerificationProblem.expired());
        }
        verification.checksMade++;
        if (codes.matches(verification.id, typed, verification.codeHmac)) {
            return verified(connection, locked, streak, now);
        }
        int left = Math.max(max - verification.checksMade, 0);
        if (left == 0) {
            verification.status = PhoneVerification.Status.LOCKED;
        }
        return connection.preparedQuery(COUNT_CHECK)
                .execute(Tuple.of(verification.id, verification.checksMade, verification.status.name()))
                .chain(() -> streaks.failed(connection, verification.tenantId, verification.userId, now))
                .invoke(counted -> {
                    if (counted.lockedAt() != null) {
                        LOG.warnf("User of verification %s: %d wrong codes in a row, codes locked",
                                verification.id, counted.failures());
                    }
                })
                .chain(() -> failed(connection, verification, "wrong-code", left, now,
                        VerificationProblem.wrongCode(left)));
    }

    private Uni<Outcome<VerifiedPhone>> verified(SqlConnection connection, Locked locked, Streak streak,
            Instant now) {
        PhoneVerification verification = locked.verification();
        // Under the streak's lock only a check writes the row: with none read, there is none to clear.
        Uni<Boolean> cleared = streak.equals(Streak.NONE) ? Uni.createFrom().item(false)
                : streaks.clear(connection, verification.tenantId, verification.userId);
        return cleared
                .chain(() -> connection.preparedQuery(VERIFY)
                        .execute(Tuple.of(verification.id, verification.checksMade, now.atOffset(ZoneOffset.UTC))))
                .chain(() -> {
                    LOG.infof("Verification %s: phone %s verified", verification.id, locked.maskedNumber());
                    return outbox.add(connection, new SmsVerified(verification.tenantId, verification.userId, now,
                                    verification.id.toString(), verification.phoneId.toString(),
                                    locked.maskedNumber(), verification.purpose.name()))
                            .replaceWith(Outcome.done(new VerifiedPhone(verification.id, verification.phoneId,
                                    locked.maskedNumber())));
                });
    }

    private Uni<Outcome<VerifiedPhone>> failed(SqlConnection connection, PhoneVerification verification,
            String reason, int attemptsLeft, Instant now, ProblemException problem) {
        LOG.infof("Verification %s: check failed (%s), %d attempts left", verification.id, reason, attemptsLeft);
        return outbox.add(connection, new SmsVerificationFailed(verification.tenantId, verification.userId, now,
                        verification.id.toString(), reason, attemptsLeft))
                .replaceWith(Outcome.refused(problem));
    }
}
