package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.domain.DeviceMove;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.repository.DeviceMoveRepository;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.enrollment.service.EnrollmentService.OpenedWizard;
import io.tweestap.enrollment.service.OwnMethodRefused.Reason;
import io.tweestap.events.enrollment.MoveRequested;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Moving to a new phone with the old one at hand (issue 16 item 2, decision 0094), as the user's
 * methods page drives it: the start (a new enrolment opened into the wizard's app step, on a wizard
 * session bound to the move) and, once the new phone has activated, asking the old device to approve
 * the move with number matching ({@link MoveQuestion}). How a move ends is {@link MoveEndings}'.
 */
@ApplicationScoped
public class DeviceMoves {

    /** A start: the move, and the wizard session to continue in (null when the move already asked its old device). */
    public record MoveStart(DeviceMove move, OpenedWizard wizard) {
    }

    /**
     * A move as the page shows it, with its devices' names (null once a device is gone) and, when asking the
     * old device failed just now, why (the move is unchanged then; the next look asks again).
     */
    public record MoveView(DeviceMove move, String oldDeviceName, String newDeviceName, SetupFailure failure) {
    }

    @Inject
    Clock clock;

    @Inject
    EnrollmentSettings settings;

    @Inject
    UserSetupLock setupLock;

    @Inject
    DeviceMoveRepository moves;

    @Inject
    DeviceRepository devices;

    @Inject
    WizardSessionRepository sessions;

    @Inject
    EnrollmentService enrollments;

    @Inject
    MoveQuestion question;

    @Inject
    Outbox outbox;

    /**
     * Starts moving from {@code oldDeviceId}, or continues the user's move from it already under way: under
     * the setup lock, so a start twice (two tabs, a double click) yields one move. A move from another
     * device while one is under way is refused ({@link Reason#MOVE_UNDER_WAY}); only a verified, unblocked
     * authenticator can approve a move ({@link Reason#MOVE_NOT_POSSIBLE}).
     */
    public Uni<MoveStart> start(String tenantId, String userId, UUID oldDeviceId, PlatformPages pages) {
        return Panache.withTransaction(() -> setupLock.hold(tenantId, userId)
                        .chain(() -> moves.openFor(tenantId, userId))
                        .chain(open -> open != null ? continued(open, oldDeviceId, pages) : requested(tenantId, userId, oldDeviceId, pages)))
                // The wizard session is opened after the move is committed: should this fail, the move times out.
                .chain(pending -> pending.link() == null ? Uni.createFrom().item(new MoveStart(pending.move(), null))
                        : enrollments.openLink(pending.link())
                                .call(opened -> Panache.withTransaction(() -> sessions.activatesMove(
                                        opened.session().tokenHash, pending.move().id)))
                                .map(opened -> new MoveStart(pending.move(), opened)));
    }

    /** The move and the wizard link still to open (null: none). */
    private record Pending(DeviceMove move, String link) {
    }

    private Uni<Pending> continued(DeviceMove open, UUID oldDeviceId, PlatformPages pages) {
        if (!open.oldDeviceId.equals(oldDeviceId)) {
            return Uni.createFrom().failure(new OwnMethodRefused(Reason.MOVE_UNDER_WAY));
        }
        if (open.status != DeviceMove.Status.REQUESTED) {
            return Uni.createFrom().item(new Pending(open, null));
        }
        // Still waiting for the new phone: this browser gets its own wizard session on the move's enrolment.
        return enrollments.newLink(open.tenantId, open.enrollmentId, pages)
                .map(link -> new Pending(open, OwnMethods.tokenOf(link)))
                // Its enrolment was ended meanwhile (a reset): the move can only time out now.
                .onFailure(ProblemException.class).transform(ended -> new OwnMethodRefused(Reason.MOVE_UNDER_WAY));
    }

    private Uni<Pending> requested(String tenantId, String userId, UUID oldDeviceId, PlatformPages pages) {
        return devices.findForUser(tenantId, userId, oldDeviceId).chain(old -> {
            if (old == null) {
                return Uni.createFrom().failure(new OwnMethodRefused(Reason.NOT_FOUND));
            }
            if (old.status != Device.Status.VERIFIED || old.blockedAt != null) {
                return Uni.createFrom().failure(new OwnMethodRefused(Reason.MOVE_NOT_POSSIBLE));
            }
            Instant now = Instant.now(clock);
            return enrollments.startOne(tenantId, userId, pages).chain(started -> {
                DeviceMove move = DeviceMove.request(tenantId, userId, oldDeviceId, started.enrollment().id, now,
                        now.plus(settings.moves().timeout()));
                return moves.persist(move)
                        .call(() -> outbox.add(new MoveRequested(tenantId, userId, now, move.id.toString(),
                                oldDeviceId.toString(), move.enrollmentId.toString(), move.expiresAt)))
                        .map(saved -> new Pending(saved, OwnMethods.tokenOf(started)));
            });
        });
    }

    /** Whether the user has a move under way (the methods page says so). */
    public Uni<DeviceMove> underWay(String tenantId, String userId) {
        return Panache.withSession(() -> moves.openFor(tenantId, userId));
    }

    /**
     * The user's newest move as the page shows it, or null. A move still waiting for its new phone whose
     * phone has activated asks the old device now; a failure to ask comes back in the view (the move
     * stays as it was and the next look asks again), a refusal abandons the move.
     */
    public Uni<MoveView> current(String tenantId, String userId) {
        return Panache.withSession(() -> moves.newestFor(tenantId, userId)).chain(move -> {
            if (move == null) {
                return Uni.createFrom().nullItem();
            }
            if (move.status != DeviceMove.Status.REQUESTED || move.expiresAt.isBefore(Instant.now(clock))) {
                return view(move, null);
            }
            return Panache.withSession(() -> devices.unverifiedOf(move.enrollmentId)).chain(fresh -> fresh.isEmpty()
                    ? view(move, null)
                    : question.ask(move, fresh.get(0)).replaceWith((SetupFailure) null)
                            .onFailure(SetupFailure.class).recoverWithItem(failure -> (SetupFailure) failure)
                            .chain(failure -> Panache.withSession(() -> moves.findById(move.id))
                                    .chain(now -> view(now, failure))));
        });
    }

    private Uni<MoveView> view(DeviceMove move, SetupFailure failure) {
        return Panache.withSession(() -> devices.findById(move.oldDeviceId)
                .chain(old -> (move.newDeviceId == null ? Uni.createFrom().<Device>nullItem() : devices.findById(move.newDeviceId))
                        .map(fresh -> new MoveView(move, old == null ? null : old.name, fresh == null ? null : fresh.name,
                                failure))));
    }
}
