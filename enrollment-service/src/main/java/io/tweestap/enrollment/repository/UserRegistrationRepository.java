package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.UserRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A user's registration row: the chosen default method and snoozes (decision 0091: new queries live here). */
@ApplicationScoped
public class UserRegistrationRepository implements PanacheRepositoryBase<UserRegistration, UserRegistration.Key> {

    /** @return the user's row, or {@code null} while they never snoozed nor chose a default */
    public Uni<UserRegistration> of(String tenantId, String userId) {
        return findById(new UserRegistration.Key(tenantId, userId));
    }

    /** The user's row, or a new one not yet persisted. */
    public Uni<UserRegistration> ofOrFresh(String tenantId, String userId) {
        return of(tenantId, userId).map(found -> found != null ? found : UserRegistration.fresh(tenantId, userId));
    }

    public Uni<Long> forget(String tenantId, String userId) {
        return delete("tenantId = ?1 and userId = ?2", tenantId, userId);
    }

    /** The default passes from one method to another only if the user's chosen default is {@code from}. */
    public Uni<Integer> handDefault(String tenantId, String userId, UUID from, UUID to) {
        return update("defaultMethod = ?1 where tenantId = ?2 and userId = ?3 and defaultMethod = ?4",
                to, tenantId, userId, from);
    }

    /** The user has no default any more if it was {@code methodId}. */
    public Uni<Integer> clearDefault(String tenantId, String userId, UUID methodId) {
        return update("defaultMethod = null where tenantId = ?1 and userId = ?2 and defaultMethod = ?3", tenantId, userId, methodId);
    }
}
