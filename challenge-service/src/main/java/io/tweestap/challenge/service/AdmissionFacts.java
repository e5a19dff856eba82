package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.UserGuard;
import io.tweestap.challenge.repository.KnownDeviceRepository;
import io.tweestap.events.NativeColumn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what {@link PushAdmission} judges; runs in the caller's transaction, under the user's guard lock.
 * Each read is bounded whatever the user's history: the pending checks go through the partial index of
 * pending challenges per user, and the window check reads at most as many creation times as the limit.
 */
@ApplicationScoped
public class AdmissionFacts {

    @Inject
    KnownDeviceRepository devices;

    /**
     * The status is a literal, not a parameter, so the planner can match the partial index
     * {@code push_challenge_pending_by_user} ({@code WHERE status = 'PENDING'}) in a generic plan too.
     */
    static final String PENDING_SIGN_IN = "SELECT id, expires_at FROM push_challenge"
            + " WHERE tenant_id = :tenant AND user_id = :user AND status = 'PENDING' AND purpose = 'SIGN_IN'"
            + " AND expires_at > :now";

    /** A sign-in confirmed by a code, by SMS or by call: one at a time per user, whichever channel. */
    static final String PENDING_CODE_SIGN_IN = PENDING_SIGN_IN + " AND method <> 'PUSH'";

    /** Served backwards by {@code push_challenge_by_user (tenant_id, user_id, created_at)}, stopping after {@code :limit} rows. */
    static final String NEWEST_PUSHES = "SELECT created_at FROM push_challenge"
            + " WHERE tenant_id = :tenant AND user_id = :user AND created_at > :since AND purpose = :purpose AND method = 'PUSH'"
            + " ORDER BY created_at DESC LIMIT :limit";

    @Inject
    ChallengeSettings settings;

    /**
     * The facts for a push, and the devices it would go to; {@code targetBlocked}: the test push's device
     * is known but blocked (decision 0089).
     */
    public record ForPush(PushAdmission.Facts facts, List<String> deviceIds, boolean targetBlocked) {
    }

    public Uni<ForPush> forPush(String tenantId, NewChallenge request, UserGuard guard, Instant now) {
        boolean signIn = request.purpose() == Purpose.SIGN_IN;
        int limit = signIn ? settings.pushLimit() : settings.testPushLimit();
        return devices.activeOf(tenantId, request.userId())
                .chain(active -> {
                    List<String> deviceIds = targets(active, request);
                    boolean targetBlocked = !signIn && active.stream()
                            .anyMatch(device -> device.deviceId.equals(request.deviceId()) && device.isBlocked());
                    Uni<PushAdmission.Pending> pending = signIn ? pending(PENDING_SIGN_IN, tenantId, request.userId(), now)
                            : Uni.createFrom().nullItem();
                    return pending.chain(found -> newestPushes(tenantId, request, now, limit)
                            .map(recent -> new ForPush(new PushAdmission.Facts(guard.fraudBlockedAt, guard.suppressedUntil,
                                    guard.pushesSinceSuccess, deviceIds.size(), found, recent), deviceIds, targetBlocked)));
                });
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

    /** A pending sign-in of the user (a push waits for any, a live SMS code included); the first found. */
    private Uni<PushAdmission.Pending> pending(String sql, String tenantId, String userId, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery(sql + " LIMIT 1", Object[].class)
                        .setParameter("tenant", tenantId)
                        .setParameter("user", userId)
                        .setParameter("now", now)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new PushAdmission.Pending(NativeColumn.uuid(rows.get(0)[0]), NativeColumn.instant(rows.get(0)[1])));
    }

    /**
     * Creation times, oldest first, of the user's newest pushes of this purpose within the window: at
     * most {@code limit} of them, all the rule needs (whether the limit is reached, and when the oldest
     * of those leaves the window).
     */
    private Uni<List<Instant>> newestPushes(String tenantId, NewChallenge request, Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createNativeQuery(NEWEST_PUSHES, Object.class)
                        .setParameter("tenant", tenantId)
                        .setParameter("user", request.userId())
                        .setParameter("since", now.minus(settings.pushLimitWindow()))
                        .setParameter("purpose", request.purpose().name())
                        .setParameter("limit", limit)
                        .getResultList())
                .map(newestFirst -> {
                    List<Instant> oldestFirst = new ArrayList<>(newestFirst.size());
                    for (int i = newestFirst.size() - 1; i >= 0; i--) {
                        oldestFirst.add(NativeColumn.instant(newestFirst.get(i)));
                    }
                    return oldestFirst;
                });
    }
}
