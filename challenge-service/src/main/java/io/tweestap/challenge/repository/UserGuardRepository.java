package io.tweestap.challenge.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.UserGuard;
import io.tweestap.challenge.domain.UserKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
public class UserGuardRepository implements PanacheRepositoryBase<UserGuard, UserKey> {

    /** The user's guard row, locked until the transaction ends: its counts change one answer at a time. */
    public Uni<UserGuard> locked(String tenantId, String userId) {
        return findById(new UserKey(tenantId, userId), LockModeType.PESSIMISTIC_WRITE);
    }
}
