package io.tweestap.challenge.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.KnownDevice;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** This service's projection of the devices enrollment-service registered, by device id. */
@ApplicationScoped
public class KnownDeviceRepository implements PanacheRepositoryBase<KnownDevice, String> {

    /** The user's active devices, blocked ones too, oldest first. */
    public Uni<List<KnownDevice>> activeOf(String tenantId, String userId) {
        return list("tenantId = ?1 and userId = ?2 and active = true order by registeredAt", tenantId, userId);
    }

    /** The user's devices a push can reach: active and not blocked. */
    public Uni<List<KnownDevice>> usableOf(String tenantId, String userId) {
        return list("tenantId = ?1 and userId = ?2 and active = true and blockedAt is null", tenantId, userId);
    }

    public Uni<Integer> removed(String tenantId, String deviceId, Instant at) {
        return update("active = false, removedAt = ?1 where deviceId = ?2 and tenantId = ?3", at, deviceId, tenantId);
    }

    /** Every device of the user, a verification still waiting for its registration too. */
    public Uni<Integer> removedAll(String tenantId, String userId, Instant at) {
        return update("active = false, removedAt = ?1 where tenantId = ?2 and userId = ?3 and removedAt is null",
                at, tenantId, userId);
    }

    /** @return 1 if the block was applied, 0 if a newer block change was applied already */
    public Uni<Integer> blocked(String tenantId, String deviceId, Instant at) {
        return update("blockedAt = ?1, blockChangedAt = ?1 where deviceId = ?2 and tenantId = ?3"
                + " and (blockChangedAt is null or blockChangedAt < ?1)", at, deviceId, tenantId);
    }

    /** @return 1 if the block was lifted, 0 if a newer block change was applied already */
    public Uni<Integer> unblocked(String tenantId, String deviceId, Instant at) {
        return update("blockedAt = null, blockChangedAt = ?1 where deviceId = ?2 and tenantId = ?3"
                + " and (blockChangedAt is null or blockChangedAt < ?1)", at, deviceId, tenantId);
    }
}
