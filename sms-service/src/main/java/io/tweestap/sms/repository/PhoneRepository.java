package io.tweestap.sms.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.sms.domain.Phone;
import io.tweestap.sms.domain.PhoneNumber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/** The phone numbers users asked to verify, by id. */
@ApplicationScoped
public class PhoneRepository implements PanacheRepositoryBase<Phone, UUID> {

    /** Scoped to the tenant and user: another user's id finds nothing. */
    public Uni<Phone> ofUser(String tenantId, String userId, UUID id) {
        return find("tenantId = ?1 and id = ?2 and userId = ?3", tenantId, id, userId).firstResult();
    }

    /**
     * The user's phone with this number, locked, or a new one: a start is about to use it, and the
     * retention job must not delete an unverified phone meanwhile.
     */
    public Uni<Phone> lockedOrAdded(String tenantId, String userId, PhoneNumber number, Instant now) {
        return lockedByNumber(tenantId, userId, number.e164()).chain(found -> {
            if (found != null) {
                return Uni.createFrom().item(found);
            }
            Phone phone = Phone.of(tenantId, userId, number, now);
            return phone.persist().replaceWith(phone);
        });
    }

    /** The user's phone with this number, locked, so that the retention job cannot delete it meanwhile. */
    public Uni<Phone> lockedByNumber(String tenantId, String userId, String e164) {
        return find("tenantId = ?1 and userId = ?2 and e164 = ?3", tenantId, userId, e164)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
