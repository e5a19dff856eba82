package io.tweestap.sms.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.sms.domain.Phone;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

/** The phone numbers users asked to verify, by id. */
@ApplicationScoped
public class PhoneRepository implements PanacheRepositoryBase<Phone, UUID> {

    /** Scoped to the tenant and user: another user's id finds nothing. */
    public Uni<Phone> ofUser(String tenantId, String userId, UUID id) {
        return find("tenantId = ?1 and id = ?2 and userId = ?3", tenantId, id, userId).firstResult();
    }

    /** The user's phone with this number, locked, so that the retention job cannot delete it meanwhile. */
    public Uni<Phone> lockedByNumber(String tenantId, String userId, String e164) {
        return find("tenantId = ?1 and userId = ?2 and e164 = ?3", tenantId, userId, e164)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
