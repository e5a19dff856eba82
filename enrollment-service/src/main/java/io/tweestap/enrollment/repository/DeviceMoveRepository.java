package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.DeviceMove;
import io.tweestap.enrollment.domain.DeviceMove.Status;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The moves to a new phone (decision 0094). Each step of the saga is one conditional UPDATE on the
 * status: a step taken twice (a repeated event, two instances' sweeps, two page loads) changes a move once.
 */
@ApplicationScoped
public class DeviceMoveRepository implements PanacheRepositoryBase<DeviceMove, UUID> {

    private static final List<Status> OPEN = List.of(Status.REQUESTED, Status.AWAITING_OLD_DEVICE);

    /** The user's move still under way, or null. */
    public Uni<DeviceMove> openFor(String tenantId, String userId) {
        return find("tenantId = ?1 and userId = ?2 and status in ?3", tenantId, userId, OPEN).firstResult();
    }

    /** The user's newest move, open or ended, or null: what the move page shows. */
    public Uni<DeviceMove> newestFor(String tenantId, String userId) {
        return find("tenantId = ?1 and userId = ?2 order by requestedAt desc", tenantId, userId).firstResult();
    }

    /** The move of this user that asked its old device with {@code challengeId} and still waits for it, or null. */
    public Uni<DeviceMove> awaiting(String tenantId, String userId, String challengeId) {
        return find("tenantId = ?1 and userId = ?2 and challengeId = ?3 and status = ?4", tenantId, userId, challengeId,
                Status.AWAITING_OLD_DEVICE).firstResult();
    }

    /** @return 1 if this call recorded that the old device was asked, 0 if the move is no longer waiting for the new phone */
    public Uni<Integer> askedOldDevice(UUID id, UUID newDeviceId, String challengeId, String numberToShow) {
        return update("status = ?1, newDeviceId = ?2, challengeId = ?3, numberToShow = ?4 where id = ?5 and status = ?6",
                Status.AWAITING_OLD_DEVICE, newDeviceId, challengeId, numberToShow, id, Status.REQUESTED);
    }

    /** @return 1 if this call completed the move, 0 if it was not waiting for its old device */
    public Uni<Integer> complete(UUID id, Instant at) {
        return update("status = ?1, coSignedAt = ?2, endedAt = ?2 where id = ?3 and status = ?4",
                Status.COMPLETED, at, id, Status.AWAITING_OLD_DEVICE);
    }

    /** @return 1 if this call abandoned the move, 0 if it had ended already */
    public Uni<Integer> abandon(UUID id, String reason, Instant at) {
        return update("status = ?1, abandonReason = ?2, endedAt = ?3 where id = ?4 and status in ?5",
                Status.ABANDONED, reason, at, id, OPEN);
    }

    /**
     * Up to {@code batch} open moves past their time, as a plain read without locks: each is then
     * abandoned in its own transaction under its user's setup lock, conditionally, so several instances
     * reading the same ids abandon each move once.
     */
    public Uni<List<DeviceMove>> overdue(Instant now, int batch) {
        return find("status in ?1 and expiresAt < ?2 order by expiresAt", OPEN, now).page(0, batch).list();
    }
}
