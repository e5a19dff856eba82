package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.Device;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, UUID> {

    public Uni<Device> findForUser(String tenantId, String userId, UUID id) {
        return find("tenantId = ?1 and userId = ?2 and id = ?3", tenantId, userId, id).firstResult();
    }

    /** @return 1 if this call blocked the device, 0 if it is blocked already or not the user's */
    public Uni<Integer> block(String tenantId, String userId, UUID id, Instant at, String by, String reason) {
        return update("blockedAt = ?1, blockedBy = ?2, blockReason = ?3"
                + " where tenantId = ?4 and userId = ?5 and id = ?6 and blockedAt is null", at, by, reason, tenantId, userId, id);
    }

    /** @return 1 if this call unblocked the device, 0 if it is not blocked or not the user's */
    public Uni<Integer> unblock(String tenantId, String userId, UUID id) {
        return update("blockedAt = null, blockedBy = null, blockReason = null"
                + " where tenantId = ?1 and userId = ?2 and id = ?3 and blockedAt is not null", tenantId, userId, id);
    }

    /** @return 1 if this call verified the user's registered device, 0 if it is verified already or not theirs */
    public Uni<Integer> verify(String tenantId, String userId, UUID id, Instant at) {
        return update("status = ?1, verifiedAt = ?2 where id = ?3 and tenantId = ?4 and userId = ?5 and status = ?6",
                Device.Status.VERIFIED, at, id, tenantId, userId, Device.Status.REGISTERED);
    }

    /** The next page of devices registered before the cutoff and never verified, by id after {@code after}. */
    public Uni<List<Device>> unverifiedBefore(Instant cutoff, UUID after, int batch) {
        return find("status = ?1 and registeredAt < ?2 and id > ?3 and registeredBeforeTestPushRule = false order by id",
                Device.Status.REGISTERED, cutoff, after).page(0, batch).list();
    }

    /** @return 1 if this call removed the device, 0 if it was verified or removed meanwhile */
    public Uni<Long> removeUnverified(UUID id) {
        return delete("id = ?1 and status = ?2 and registeredBeforeTestPushRule = false", id, Device.Status.REGISTERED);
    }

    public Uni<List<Device>> ofUser(String tenantId, String userId) {
        return list("tenantId = ?1 and userId = ?2 order by registeredAt", tenantId, userId);
    }

    public Uni<Long> countVerified(String tenantId, String userId) {
        return count("tenantId = ?1 and userId = ?2 and status = ?3", tenantId, userId, Device.Status.VERIFIED);
    }

    /** The enrolment's devices not verified yet, newest first: a move's new phone (decision 0094). */
    public Uni<List<Device>> unverifiedOf(UUID enrollmentId) {
        return list("enrollmentId = ?1 and status = ?2 order by registeredAt desc", enrollmentId, Device.Status.REGISTERED);
    }
}
