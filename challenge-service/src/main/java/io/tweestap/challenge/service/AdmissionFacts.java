package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.UserGuard;
import io.tweestap.events.NativeColumn;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link PushAdmission} judges; runs in the caller's transaction, under the user's guard lock.
 * Each read is bounded whatever the user's history: the pending checks go through the partial index of
 * pending challenges per user, and the window check reads at most as many creation times as the limit.
 */
@ApplicationScoped
public class AdmissionFacts {

    /**
     * The status is a literal, not a parameter, so the planner can match the partial index
     * {@code push_challenge_pending_by_user} ({@code WHERE status = 'PENDING'}) in a generic plan too.
     */
    static final String PENDING_SIGN_IN = "SELECT id, expires_at FROM push_challenge"
            + " WHERE tenant_id = $1 AND user_id = $2 AND status = 'PENDING' AND purpose = 'SIGN_IN'"
            + " AND expires_at > $3";

    /** A sign-in confirmed by a code, by SMS or by call: one at a time per user, whichever channel. */
    static final String PENDING_CODE_SIGN_IN = PENDING_SIGN_IN + " AND method <> 'PUSH'";

    /** Served backwards by {@code push_challenge_by_user (tenant_id, user_id, created_at)}, stopping after {@code :limit} rows. */
    static final String NEWEST_PUSHES = "SELECT created_at FROM push_challenge"
            + " WHERE tenant_id = $1 AND user_id = $2 AND created_at > $3 AND purpose = $4 AND method = 'PUSH'"
            + " ORDER BY created_at DESC LIMIT $5";

    /** The user's active devices, blocked ones too, oldest first. */
    static final String ACTIVE_DEVICES = "SELECT device_id, verified_at, blocked_at FROM known_device"
            + " WHERE tenant_id = $1 AND user_id = $2 AND active ORDER BY registered_at";

    @Inject
    ChallengeSettings settings;

    /**
     * The facts for a push, and the devices it would go to; {@code targetBlocked}: the test push's device
     * is known but blocked (decision 0089).
     */
    public record ForPush(PushAdmission.Facts facts, List<String> deviceIds, boolean targetBlocked) {
    }

    /** In the transaction of {@code connection} (the plain reactive client, decision 0126). */
    public Uni<ForPush> forPush(SqlConnection connection, String tenantId, NewChallenge request, UserGuard guard, Instant now) {
        boolean signIn = request.purpose() == Purpose.SIGN_IN;
        int limit = signIn ? settings.pushLimit() : settings.testPushLimit();
        return connection.preparedQuery(ACTIVE_DEVICES).execute(Tuple.of(tenantId, request.userId()))
                .map(AdmissionFacts::devices)
                .chain(active -> {
                    List<String> deviceIds = targets(active, request);
                    boolean targetBlocked = !signIn && active.stream()
                            .anyMatch(device -> device.deviceId.equals(request.deviceId()) && device.isBlocked());
                    Uni<PushAdmission.Pending> pending = signIn
                            ? connection.preparedQuery(PENDING_SIGN_IN + " LIMIT 1")
                                    .execute(Tuple.of(tenantId, request.userId(), offset(now)))
                                    .map(rows -> rows.size() == 0 ? null : pendingOf(rows.iterator().next()))
                            : Uni.createFrom().nullItem();
                    return pending.chain(found -> connection.preparedQuery(NEWEST_PUSHES)
                            .execute(Tuple.of(tenantId, request.userId(), offset(now.minus(settings.pushLimitWindow())),
                                    request.purpose().name(), limit))
                            .map(rows -> {
                                // newest first from the index; the rule wants them oldest first
                                List<Instant> oldestFirst = new ArrayList<>(rows.size());
                                for (Row row : rows) {
                                    oldestFirst.add(0, row.getOffsetDateTime(0).toInstant());
                                }
                                return new ForPush(new PushAdmission.Facts(guard.fraudBlockedAt, guard.suppressedUntil,
                                        guard.pushesSinceSuccess, deviceIds.size(), found, oldestFirst), deviceIds, targetBlocked);
                            }));
                });
    }

    private static List<KnownDevice> devices(RowSet<Row> rows) {
        List<KnownDevice> devices = new ArrayList<>(rows.size());
        for (Row row : rows) {
            KnownDevice device = new KnownDevice();
            device.deviceId = row.getString("device_id");
            device.verifiedAt = instant(row.getOffsetDateTime("verified_at"));
            device.blockedAt = instant(row.getOffsetDateTime("blocked_at"));
            devices.add(device);
        }
        return devices;
    }

    private static PushAdmission.Pending pendingOf(Row row) {
        return new PushAdmission.Pending(row.getUUID("id"), row.getOffsetDateTime("expires_at").toInstant());
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime offset(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** The one-code-at-a-time rule of the SMS and voice fallback looks only at pending sign-ins by code. */
    public Uni<PushAdmission.Pending> pendingSms(String tenantId, String userId, Instant now) {
        return pending(PENDING_CODE_SIGN_IN, tenantId, userId, now);
    }

    /**
     * The test push goes to the named device being set up; sign-ins only to verified devices (decision 0047);
     * neither to a blocked device (decision 0089).
     */
    private static List<String> targets(List<KnownDevice> active, NewChallenge request) {
        return active.stream()
                .filter(device -> !device.isBlocked())
                .filter(device -> request.purpose() == Purpose.ENROLLMENT_TEST
                        ? device.deviceId.equals(request.deviceId())
                        : device.isVerified())
                .map(device -> device.deviceId)
                .toList();
    }

    /**
     * A pending code sign-in of the user, in the caller's Hibernate Reactive transaction: the same SQL,
     * its {@code $n} parameters written as JPA's ordinal {@code ?n}.
     */
    private Uni<PushAdmission.Pending> pending(String sql, String tenantId, String userId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql.replace("$", "?") + " LIMIT 1", Object[].class)
                        .setParameter(1, tenantId)
                        .setParameter(2, userId)
                        .setParameter(3, now)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new PushAdmission.Pending(NativeColumn.uuid(rows.get(0)[0]), NativeColumn.instant(rows.get(0)[1])));
    }

}
