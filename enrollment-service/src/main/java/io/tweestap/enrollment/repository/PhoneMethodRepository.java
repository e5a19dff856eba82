package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.PhoneMethod;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class PhoneMethodRepository implements PanacheRepositoryBase<PhoneMethod, UUID> {

    public Uni<PhoneMethod> findForUser(String tenantId, String userId, UUID id) {
        return find("tenantId = ?1 and userId = ?2 and id = ?3", tenantId, userId, id).firstResult();
    }

    public Uni<PhoneMethod> byVerification(String tenantId, String userId, String verificationId) {
        return find("tenantId = ?1 and userId = ?2 and verificationId = ?3", tenantId, userId, verificationId)
                .firstResult();
    }

    /** The same row, locked until the transaction ends (FOR UPDATE). */
    public Uni<PhoneMethod> byVerificationLocked(String tenantId, String userId, String verificationId) {
        return find("tenantId = ?1 and userId = ?2 and verificationId = ?3", tenantId, userId, verificationId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** Every method of the user, pending verifications excepted. */
    public Uni<List<PhoneMethod>> verifiedOfUser(String tenantId, String userId) {
        return list("tenantId = ?1 and userId = ?2 and status = ?3 order by verifiedAt", tenantId, userId,
                PhoneMethod.Status.VERIFIED);
    }

    public Uni<Long> countVerified(String tenantId, String userId) {
        return count("tenantId = ?1 and userId = ?2 and status = ?3", tenantId, userId, PhoneMethod.Status.VERIFIED);
    }

    public Uni<Long> deleteOfUser(String tenantId, String userId) {
        return delete("tenantId = ?1 and userId = ?2", tenantId, userId);
    }
}
