package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.domain.DeviceMove;
import io.tweestap.enrollment.repository.ActivationCodeRepository;
import io.tweestap.enrollment.repository.DeviceMoveRepository;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.UserRegistrationRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.MoveAbandoned;
import io.tweestap.events.enrollment.MoveCoSigned;
import io.tweestap.events.enrollment.MoveCompleted;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * How a move to a new phone ends (decision 0094), each under the user's setup lock and by one
 * conditional update of the move, so an ending reached twice (a repeated event, two instances) counts
 * once. Completed: the old device approved, the new one is verified and the old one removed, in one
 * transaction. Abandoned (denied, not answered, timed out, a device gone): the compensation removes
 * every device the move's enrolment registered and ends its codes and wizard sessions; the old
 * device is not touched.
 */
@ApplicationScoped
public class MoveEndings {

    /** DeviceRemoved's reason for the old device of a completed move. */
    static final String MOVED = "moved";
    /** DeviceRemoved's reason for the new device of an abandoned move. */
    static final String NEW_DEVICE_OF_ABANDONED_MOVE = "move-abandoned";

    @Inject
    Clock clock;

    @Inject
    UserSetupLock setupLock;

    @Inject
    DeviceMoveRepository moves;

    @Inject
    DeviceRepository devices;

    @Inject
    ActivationCodeRepository codes;

    @Inject
    WizardSessionRepository sessions;

    @Inject
    UserMethods methods;

    @Inject
    UserRegistrationRepository registrations;

    @Inject
    EnrollmentService enrollments;

    @Inject
    Outbox outbox;

    /**
     * In the inbox's transaction: {@code deviceId} approved {@code challengeId}. Only the challenge a
     * move of this user sent to its old device, while the move waits for it, completes that move.
     */
    public Uni<Void> approved(String tenantId, String userId, String deviceId, String challengeId, Instant at) {
        if (challengeId == null) {
            return Uni.createFrom().voidItem();
        }
        return setupLock.hold(tenantId, userId).chain(() -> moves.awaiting(tenantId, userId, challengeId)).chain(move -> {
            if (move == null || !move.oldDeviceId.toString().equals(deviceId)) {
                return Uni.createFrom().voidItem();
            }
            return devices.findForUser(tenantId, userId, move.oldDeviceId).chain(old -> devices
                    .findForUser(tenantId, userId, move.newDeviceId).chain(fresh -> {
                        // Removed or blocked meanwhile (a reset, "I lost this phone"): nothing left to move between.
                        if (old == null || old.blockedAt != null) {
                            return abandon(move, "old-device-gone");
                        }
                        if (fresh == null || fresh.blockedAt != null) {
                            return abandon(move, "new-device-gone");
                        }
                        return complete(move, at);
                    }));
        });
    }

    /** In the inbox's transaction: the old device denied the move's challenge, or it expired or was cancelled. */
    public Uni<Void> refused(String tenantId, String userId, String challengeId, TestPushOutcome outcome) {
        if (challengeId == null) {
            return Uni.createFrom().voidItem();
        }
        return setupLock.hold(tenantId, userId).chain(() -> moves.awaiting(tenantId, userId, challengeId))
                .chain(move -> move == null ? Uni.createFrom().voidItem() : abandon(move, reason(outcome)));
    }

    /**
     * In the caller's transaction, under the user's setup lock: a device the user's open move was to
     * move from is being removed, blocked or reset away. Nothing is left to move from, so the move ends
     * now (its new phone removed, {@code MoveAbandoned}) rather than at its timeout.
     */
    public Uni<Void> oldDeviceGone(String tenantId, String userId, Predicate<UUID> gone) {
        return moves.openFor(tenantId, userId).chain(move -> move == null || !gone.test(move.oldDeviceId)
                ? Uni.createFrom().voidItem()
                : abandon(move, "old-device-gone"));
    }

    /** challenge-service would not ask the old device (blocked, its pushes blocked): the move cannot happen. */
    public Uni<Void> refusedToAsk(UUID moveId) {
        return inItsOwnTransaction(moveId, move -> abandon(move, "co-sign-refused"));
    }

    /** The scheduled sweep: the move, if it is still open and past its time, is abandoned. */
    public Uni<Boolean> timedOut(UUID moveId, Instant now) {
        return Panache.withTransaction(() -> moves.findById(moveId).chain(candidate -> candidate == null
                ? Uni.createFrom().item(false)
                : setupLock.hold(candidate.tenantId, candidate.userId)
                        // Read again under the lock: an approval may have completed it meanwhile.
                        .chain(() -> Panache.getSession().chain(session -> session.refresh(candidate)))
                        .chain(() -> candidate.status.open() && candidate.expiresAt.isBefore(now)
                                ? abandon(candidate, "timed-out").replaceWith(true) : Uni.createFrom().item(false))));
    }

    private Uni<Void> inItsOwnTransaction(UUID moveId, java.util.function.Function<DeviceMove, Uni<Void>> ending) {
        return Panache.withTransaction(() -> moves.findById(moveId).chain(move -> move == null
                ? Uni.createFrom().voidItem()
                : setupLock.hold(move.tenantId, move.userId).chain(() -> ending.apply(move))));
    }

    private Uni<Void> complete(DeviceMove move, Instant approvedAt) {
        Instant now = Instant.now(clock);
        String tenantId = move.tenantId;
        String userId = move.userId;
        String oldId = move.oldDeviceId.toString();
        String newId = move.newDeviceId.toString();
        return moves.complete(move.id, now).chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                : outbox.add(new MoveCoSigned(tenantId, userId, now, move.id.toString(), oldId, newId, move.challengeId))
                        .chain(() -> devices.verify(tenantId, userId, move.newDeviceId, approvedAt))
                        .chain(() -> outbox.add(new DeviceVerified(tenantId, userId, now, newId, move.challengeId)))
                        // Before the removal, which would otherwise clear a default that named the old device.
                        .chain(() -> registrations.handDefault(tenantId, userId, move.oldDeviceId, move.newDeviceId))
                        .chain(() -> methods.remove(tenantId, userId, move.oldDeviceId, MOVED))
                        .chain(() -> endSetup(move, now))
                        .chain(() -> enrollments.completeIfPolicyMet(tenantId, userId))
                        .chain(() -> outbox.add(new MoveCompleted(tenantId, userId, now, move.id.toString(), oldId, newId)))
                        .replaceWithVoid());
    }

    /** The compensation: the old device as it was; whatever the move's enrolment registered is removed. */
    private Uni<Void> abandon(DeviceMove move, String reason) {
        Instant now = Instant.now(clock);
        return moves.abandon(move.id, reason, now).chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                : endSetup(move, now)
                        .chain(() -> devices.unverifiedOf(move.enrollmentId))
                        .chain(registered -> removeEach(move, registered, now)
                                .chain(() -> outbox.add(new MoveAbandoned(move.tenantId, move.userId, now,
                                        move.id.toString(), move.oldDeviceId.toString(), newDeviceOf(move, registered),
                                        reason))))
                        .replaceWithVoid());
    }

    /** No further phone activates for an ended move: its codes and wizard sessions end. */
    private Uni<Void> endSetup(DeviceMove move, Instant now) {
        return codes.endUnspentOf(move.enrollmentId, now).chain(() -> sessions.endMove(move.id, now)).replaceWithVoid();
    }

    private Uni<Void> removeEach(DeviceMove move, List<Device> registered, Instant now) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Device device : registered) {
            chain = chain.chain(() -> devices.delete(device)).chain(() -> outbox.add(new DeviceRemoved(move.tenantId,
                    move.userId, now, device.id.toString(), NEW_DEVICE_OF_ABANDONED_MOVE)).replaceWithVoid());
        }
        return chain;
    }

    private static String newDeviceOf(DeviceMove move, List<Device> registered) {
        if (move.newDeviceId != null) {
            return move.newDeviceId.toString();
        }
        return registered.isEmpty() ? null : registered.get(0).id.toString();
    }

    private static String reason(TestPushOutcome outcome) {
        return switch (outcome) {
            case DENIED -> "denied";
            case WRONG_NUMBER -> "wrong-number";
            case FRAUD_REPORTED -> "fraud-reported";
            case NOT_ANSWERED -> "not-answered";
        };
    }
}
