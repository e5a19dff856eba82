package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.UserRegistration;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A user's registration row: the chosen default method and snoozes (decision 0091: new queries live here). */
@ApplicationScoped
public class UserRegistrationRepository implements PanacheRepositoryBase<UserRegistration, UserRegistration.Key> {

    /** The default passes from one method to another only if the user's chosen default is {@code from}. */
    public Uni<Integer> handDefault(String tenantId, String userId, UUID from, UUID to) {
        return update("defaultMethod = ?1 where tenantId = ?2 and userId = ?3 and defaultMethod = ?4",
                to, tenantId, userId, from);
    }
}
