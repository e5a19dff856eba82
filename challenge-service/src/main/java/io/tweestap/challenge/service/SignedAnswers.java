package io.tweestap.challenge.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.DenialReason;
import io.tweestap.challenge.domain.NumberMatch;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.devicekeys.ChallengeAnswer;
import io.tweestap.devicekeys.DeviceKey;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.events.challenge.FraudReported;
import io.tweestap.events.outbox.Outbox;
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
import java.util.UUID;

/**
 * A device's signed answer to a challenge: approve with the typed number, deny, or report fraud.
 * Exactly one answer wins: the status only changes from PENDING by a conditional update, so a
 * concurrent second answer finds nothing to change.
 *
 * <p>One transaction on the plain reactive SQL client, the busiest one of this service beside the
 * creation (decision 0126): the device and the challenge in one read, the decision in one update,
 * its events and the user's guard on the same connection.
 */
@ApplicationScoped
public class SignedAnswers {

    /** The device, and the challenge only when it is one of the device's user. */
    private static final String DEVICE_AND_CHALLENGE = """
            SELECT d.tenant_id, d.user_id, d.public_key, d.active, d.verified_at IS NOT NULL AS verified,
                   d.blocked_at IS NOT NULL AS blocked,
                   c.id AS challenge_id, c.purpose, c.server_nonce, c.number_to_match, c.device_ids, c.method,
                   c.fallback_method
            FROM known_device d
            LEFT JOIN push_challenge c ON c.id = $2 AND c.tenant_id = d.tenant_id AND c.user_id = d.user_id
            WHERE d.device_id = $1""";

    /** Wins only while the challenge is pending and unexpired. */
    private static final String DECIDE = """
            UPDATE push_challenge SET status = $2, decided_at = $3, decided_by = $4, reason = $5, decided_method = $6
            WHERE id = $1 AND status = 'PENDING' AND expires_at > $3""";

    @Inject
    Pool pool;

    @Inject
    AbuseGuard guard;

    @Inject
    Outbox outbox;

    @Inject
    SignInMeter signIns;

    @Inject
    Clock clock;

    public Uni<AnswerOutcome> answer(String deviceId, UUID challengeId, ChallengeAnswer.Decision decision,
            String typedNumber, String signature) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return pool.withTransaction(connection -> connection.preparedQuery(DEVICE_AND_CHALLENGE)
                .execute(Tuple.of(deviceId, challengeId))
                .chain(rows -> {
                    Row row = rows.size() == 0 ? null : rows.iterator().next();
                    if (row == null || !row.getBoolean("active")) {
                        throw unknownDevice();
                    }
                    if (row.getUUID("challenge_id") == null) {
                        throw ProblemException.notFound("Challenge " + challengeId);
                    }
                    PushChallenge challenge = challengeOf(row);
                    if (challenge.purpose == Purpose.SIGN_IN && !row.getBoolean("verified")) {
                        throw new ProblemException(Problem.of("device-not-verified", "Forbidden", 403,
                                "This device has not passed its test push and cannot answer sign-ins"));
                    }
                    if (!challenge.devices().contains(deviceId)) {
                        throw ProblemException.notFound("Challenge " + challengeId);
                    }
                    ChallengeAnswer statement = new ChallengeAnswer(challenge.id.toString(), challenge.serverNonce,
                            deviceId, decision, typedNumber);
                    if (!DeviceKey.fromBase64(row.getString("public_key")).verifies(statement.statement(), signature)) {
                        throw new ProblemException(Problem.of("invalid-signature", "Unauthorized", 401,
                                "The answer is not signed by this device's registered key"));
                    }
                    // After the signature: only the device itself learns that it is blocked.
                    if (row.getBoolean("blocked")) {
                        throw new ProblemException(Problem.of("device-blocked", "Forbidden", 403,
                                "An administrator has blocked this device; its answers do not count until it is unblocked"));
                    }
                    return settle(connection, challenge, deviceId, decision, typedNumber, now);
                }));
    }

    /** What the answer needs of the challenge, as the domain object (not an entity of any session here). */
    private static PushChallenge challengeOf(Row row) {
        PushChallenge challenge = new PushChallenge();
        challenge.id = row.getUUID("challenge_id");
        challenge.tenantId = row.getString("tenant_id");
        challenge.userId = row.getString("user_id");
        challenge.purpose = Purpose.valueOf(row.getString("purpose"));
        challenge.serverNonce = row.getString("server_nonce");
        challenge.numberToMatch = row.getString("number_to_match");
        challenge.deviceIds = row.getArrayOfStrings("device_ids");
        challenge.method = row.getString("method");
        challenge.fallbackMethod = row.getString("fallback_method");
        return challenge;
    }

    private Uni<AnswerOutcome> settle(SqlConnection connection, PushChallenge challenge, String deviceId,
            ChallengeAnswer.Decision decision, String typedNumber, Instant now) {
        DenialReason reason = switch (decision) {
            case APPROVE -> NumberMatch.matches(challenge.numberToMatch, typedNumber) ? null : DenialReason.WRONG_NUMBER;
            case DENY -> DenialReason.USER_DENIED;
            case REPORT_FRAUD -> DenialReason.FRAUD_REPORTED;
        };
        ChallengeStatus status = reason == null ? ChallengeStatus.APPROVED : ChallengeStatus.DENIED;
        String tenantId = challenge.tenantId;
        String userId = challenge.userId;
        String id = challenge.id.toString();
        String purpose = challenge.purpose.name();
        boolean signIn = challenge.purpose == Purpose.SIGN_IN;
        String method = challenge.decidingMethod(status, deviceId);
        return connection.preparedQuery(DECIDE)
                .execute(Tuple.from(new Object[] {challenge.id, status.name(), now.atOffset(ZoneOffset.UTC), deviceId,
                        reason == null ? null : reason.name(), method}))
                .chain(decided -> {
                    if (decided.rowCount() != 1) {
                        throw ChallengeService.notPending(challenge.id);
                    }
                    signIns.decided(challenge, method, status, reason);
                    if (status == ChallengeStatus.APPROVED) {
                        return outbox.add(connection, new ChallengeApproved(tenantId, userId, now, id, purpose, deviceId,
                                        PushChallenge.METHOD_PUSH))
                                .chain(() -> signIn ? guard.succeeded(connection, tenantId, userId) : Uni.createFrom().voidItem());
                    }
                    Uni<?> denied = outbox.add(connection, new ChallengeDenied(tenantId, userId, now, id, purpose,
                            deviceId, reason.name(), PushChallenge.METHOD_PUSH));
                    if (reason == DenialReason.FRAUD_REPORTED) {
                        return denied.chain(() -> outbox.add(connection, new FraudReported(tenantId, userId, now, id, deviceId)))
                                .chain(() -> guard.fraudReported(connection, tenantId, userId, now));
                    }
                    return denied.chain(() -> signIn ? guard.failed(connection, tenantId, userId, now) : Uni.createFrom().voidItem());
                })
                .replaceWith(new AnswerOutcome(id, status, reason));
    }

    static ProblemException unknownDevice() {
        return new ProblemException(Problem.of("unknown-device", "Unauthorized", 401,
                "This device is not registered or has been removed"));
    }
}
