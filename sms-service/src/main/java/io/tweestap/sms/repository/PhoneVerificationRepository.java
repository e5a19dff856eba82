package io.tweestap.sms.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.Phone;
import io.tweestap.sms.domain.PhoneVerification;
import io.tweestap.sms.domain.Purpose;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.UUID;

@ApplicationScoped
public class PhoneVerificationRepository implements PanacheRepositoryBase<PhoneVerification, UUID> {

    /** Scoped to the tenant and locked: one resend or code check at a time per verification. */
    public Uni<PhoneVerification> locked(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The verification a request with this Idempotency-Key started, if any. */
    public Uni<PhoneVerification> startedBy(String tenantId, String requestKey) {
        return find("tenantId = ?1 and requestKey = ?2", tenantId, requestKey).firstResult();
    }

    /** The newest pending verification of this phone by this channel for this purpose. */
    public Uni<PhoneVerification> newestPending(Phone phone, Channel channel, Purpose purpose) {
        return find("tenantId = ?1 and userId = ?2 and phoneId = ?3 and channel = ?4 and purpose = ?5 and status = ?6"
                        + " order by createdAt desc",
                phone.tenantId, phone.userId, phone.id, channel, purpose, PhoneVerification.Status.PENDING).firstResult();
    }
}
