package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.DenialReason;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.repository.PushChallengeRepository;
import io.tweestap.challenge.service.Creation.Refusal;
import io.tweestap.events.challenge.ChallengeCancelled;
import io.tweestap.events.challenge.ChallengeExpired;
import io.tweestap.events.challenge.ChallengeRefused;
import io.tweestap.events.challenge.PushesUnblocked;
import io.tweestap.events.outbox.Outbox;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The challenge lifecycle: PENDING, then exactly once APPROVED, DENIED, EXPIRED or CANCELLED.
 * Every change and its event commit together through the outbox. A device's answer is {@link SignedAnswers}' business.
 */
@ApplicationScoped
public class ChallengeService {

    @Inject
    PushChallengeRepository pushChallenges;

    @Inject
    AbuseGuard guard;

    @Inject
    Outbox outbox;

    @Inject
    SignInMeter signIns;

    @Inject
    Clock clock;

    @Inject
    Pool pool;

    Uni<Creation> refuse(String tenantId, NewChallenge request, Refusal refusal, Duration retryAfter, UUID pending, Instant now) {
        return outbox.add(new ChallengeRefused(tenantId, request.userId(), now, request.purpose().name(), refusal.name()))
                .replaceWith(new Creation.Refused(refusal, retryAfter, pending));
    }

    /**
     * Tenant-scoped: another tenant's challenge is not found. One statement on the plain reactive
     * client, outside any session: the platform's long-poll reads every sign-in twice (decision 0126).
     * What it returns is a copy to read; a change to it is written nowhere.
     */
    public Uni<PushChallenge> find(String tenantId, UUID challengeId) {
        return pool.preparedQuery(ONE_OF_TENANT).execute(Tuple.of(challengeId, tenantId))
                .map(rows -> rows.size() == 0 ? null : challengeOf(rows.iterator().next()));
    }

    private static final String ONE_OF_TENANT = """
            SELECT id, tenant_id, user_id, purpose, status, number_to_match, server_nonce, device_ids, application,
                   ip_address, location, created_at, expires_at, decided_at, decided_by, reason, method,
                   sms_verification_id, language, fallback_due_at, fallback_order, fallback_method, acknowledged_at,
                   decided_method
            FROM push_challenge WHERE id = $1 AND tenant_id = $2""";

    /** Every column, as the entity maps it. */
    private static PushChallenge challengeOf(Row row) {
        PushChallenge challenge = new PushChallenge();
        challenge.id = row.getUUID("id");
        challenge.tenantId = row.getString("tenant_id");
        challenge.userId = row.getString("user_id");
        String purpose = row.getString("purpose");
        challenge.purpose = purpose == null ? null : Purpose.valueOf(purpose);
        String status = row.getString("status");
        challenge.status = status == null ? null : ChallengeStatus.valueOf(status);
        challenge.numberToMatch = row.getString("number_to_match");
        challenge.serverNonce = row.getString("server_nonce");
        challenge.deviceIds = row.getArrayOfStrings("device_ids");
        challenge.application = row.getString("application");
        challenge.ipAddress = row.getString("ip_address");
        challenge.location = row.getString("location");
        challenge.createdAt = instant(row.getOffsetDateTime("created_at"));
        challenge.expiresAt = instant(row.getOffsetDateTime("expires_at"));
        challenge.decidedAt = instant(row.getOffsetDateTime("decided_at"));
        challenge.decidedBy = row.getString("decided_by");
        challenge.reason = row.getString("reason");
        challenge.method = row.getString("method");
        challenge.smsVerificationId = row.getString("sms_verification_id");
        challenge.language = row.getString("language");
        challenge.fallbackDueAt = instant(row.getOffsetDateTime("fallback_due_at"));
        challenge.fallbackOrder = row.getString("fallback_order");
        challenge.fallbackMethod = row.getString("fallback_method");
        challenge.acknowledgedAt = instant(row.getOffsetDateTime("acknowledged_at"));
        challenge.decidedMethod = row.getString("decided_method");
        return challenge;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    @WithTransaction
    public Uni<PushChallenge> cancel(String tenantId, UUID challengeId) {
        Instant now = now();
        return pushChallenges.ofTenant(tenantId, challengeId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Challenge " + challengeId))
                .chain(challenge -> decide(challenge, ChallengeStatus.CANCELLED, null, null, now)
                        .chain(won -> {
                            if (!won) {
                                throw notPending(challenge.id);
                            }
                            return outbox.add(new ChallengeCancelled(tenantId, challenge.userId, now, challenge.id.toString(),
                                    challenge.purpose.name()));
                        })
                        .replaceWith(challenge));
    }

    /** Pending challenges a device should show; never includes the number to match; none for a blocked device. */
    @WithSession
    public Uni<List<PushChallenge>> pendingFor(KnownDevice device) {
        if (device.isBlocked()) {
            return Uni.createFrom().item(List.of());
        }
        return pushChallenges.pendingOf(device.tenantId, device.userId, now())
                .map(challenges -> challenges.stream().filter(c -> c.devices().contains(device.deviceId)
                        && (c.purpose != Purpose.SIGN_IN || device.isVerified())).toList());
    }

    /** @return true if this call moved the challenge out of PENDING */
    Uni<Boolean> decide(PushChallenge challenge, ChallengeStatus status, String deviceId, DenialReason reason, Instant now) {
        String method = challenge.decidingMethod(status, deviceId);
        return Panache.getSession().chain(session -> session.createMutationQuery("""
                        update PushChallenge set status = :status, decidedAt = :now, decidedBy = :device, reason = :reason,
                        decidedMethod = :method where id = :id and status = :pending and expiresAt > :now""")
                        .setParameter("status", status)
                        .setParameter("now", now)
                        .setParameter("device", deviceId)
                        .setParameter("method", method)
                        .setParameter("reason", reason == null ? null : reason.name())
                        .setParameter("id", challenge.id)
                        .setParameter("pending", ChallengeStatus.PENDING)
                        .executeUpdate())
                .map(updated -> updated == 1)
                .invoke(won -> {
                    if (won) {
                        signIns.decided(challenge, method, status, reason);
                    }
                });
    }

    /**
     * Expires what nobody answered, whether or not anyone is asking. Rows are claimed with
     * SKIP LOCKED so several instances can share the work.
     */
    @WithTransaction
    public Uni<Integer> expireOverdue() {
        Instant now = now();
        return pushChallenges.expireOverdue(now)
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] row : rows) {
                        String id = row[0].toString();
                        String tenantId = (String) row[1];
                        String userId = (String) row[2];
                        String purpose = (String) row[3];
                        signIns.decided(Purpose.valueOf(purpose), (String) row[4], ChallengeStatus.EXPIRED, "TIMEOUT");
                        chain = chain.chain(() -> outbox.add(new ChallengeExpired(tenantId, userId, now, id, purpose)))
                                .chain(() -> Purpose.SIGN_IN.name().equals(purpose)
                                        ? guard.failed(tenantId, userId, now)
                                        : Uni.createFrom().voidItem());
                    }
                    return chain.replaceWith(rows.size());
                });
    }

    /** @return whether the user had been blocked or suppressed */
    @WithTransaction
    public Uni<Boolean> unblock(String tenantId, String userId, String admin) {
        Instant now = now();
        return guard.unblock(tenantId, userId).call(wasBlocked -> wasBlocked
                ? outbox.add(new PushesUnblocked(tenantId, userId, now, admin))
                : Uni.createFrom().voidItem());
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static ProblemException notPending(UUID challengeId) {
        return ProblemException.conflict("challenge-not-pending",
                "Challenge " + challengeId + " has already been answered, expired or been cancelled");
    }
}
