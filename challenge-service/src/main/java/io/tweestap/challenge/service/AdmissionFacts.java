package io.tweestap.challenge.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.domain.UserGuard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/** Reads what {@link PushAdmission} judges; runs in the caller's transaction, under the user's guard lock. */
@ApplicationScoped
public class AdmissionFacts {

    private static final String PENDING_SIGN_IN =
            "tenantId = ?1 and userId = ?2 and purpose = ?3 and status = ?4 and expiresAt > ?5";

    @Inject
    ChallengeSettings settings;

    /** The facts for a push, and the devices it would go to. */
    public record ForPush(PushAdmission.Facts facts, List<String> deviceIds) {
    }

    public Uni<ForPush> forPush(String tenantId, NewChallenge request, UserGuard guard, Instant now) {
        boolean signIn = request.purpose() == Purpose.SIGN_IN;
        return targets(tenantId, request)
                .chain(deviceIds -> (signIn ? pendingSignIn(tenantId, request.userId(), now)
                                : Uni.createFrom().<PushAdmission.Pending>nullItem())
                        .chain(pending -> recentPushes(tenantId, request, now)
                                .map(recent -> new ForPush(new PushAdmission.Facts(guard.fraudBlockedAt, guard.suppressedUntil,
                                        guard.pushesSinceSuccess, deviceIds.size(), pending, recent), deviceIds))));
    }

    /** The one-code-at-a-time rule of the SMS fallback looks only at pending SMS sign-ins. */
    public Uni<PushAdmission.Pending> pendingSms(String tenantId, String userId, Instant now) {
        return PushChallenge.<PushChallenge>find(PENDING_SIGN_IN + " and method = ?6",
                        tenantId, userId, Purpose.SIGN_IN, ChallengeStatus.PENDING, now, PushChallenge.METHOD_SMS)
                .firstResult().map(AdmissionFacts::pending);
    }

    /** The test push goes to the named device being set up; sign-ins only to verified devices (decision 0047). */
    private Uni<List<String>> targets(String tenantId, NewChallenge request) {
        return KnownDevice.<KnownDevice>list("tenantId = ?1 and userId = ?2 and active = true order by registeredAt",
                        tenantId, request.userId())
                .map(devices -> devices.stream()
                        .filter(device -> request.purpose() == Purpose.ENROLLMENT_TEST
                                ? device.deviceId.equals(request.deviceId())
                                : device.isVerified())
                        .map(device -> device.deviceId)
                        .toList());
    }

    /** A push waits for any pending sign-in, a live SMS code included. */
    private Uni<PushAdmission.Pending> pendingSignIn(String tenantId, String userId, Instant now) {
        return PushChallenge.<PushChallenge>find(PENDING_SIGN_IN, tenantId, userId, Purpose.SIGN_IN, ChallengeStatus.PENDING, now)
                .firstResult().map(AdmissionFacts::pending);
    }

    /** Creation times, oldest first, of the user's pushes of this purpose within the window. */
    private Uni<List<Instant>> recentPushes(String tenantId, NewChallenge request, Instant now) {
        return PushChallenge.<PushChallenge>list(
                        "tenantId = ?1 and userId = ?2 and purpose = ?3 and method = ?4 and createdAt > ?5 order by createdAt",
                        tenantId, request.userId(), request.purpose(), PushChallenge.METHOD_PUSH,
                        now.minus(settings.pushLimitWindow()))
                .map(recent -> recent.stream().map(challenge -> challenge.createdAt).toList());
    }

    private static PushAdmission.Pending pending(PushChallenge challenge) {
        return challenge == null ? null : new PushAdmission.Pending(challenge.id, challenge.expiresAt);
    }
}
