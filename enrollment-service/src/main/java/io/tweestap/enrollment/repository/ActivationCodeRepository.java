package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.IssuedActivationCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class ActivationCodeRepository implements PanacheRepositoryBase<IssuedActivationCode, UUID> {

    public Uni<IssuedActivationCode> byHash(String codeHash) {
        return find("codeHash", codeHash).firstResult();
    }

    /**
     * Spends the code for a device. PostgreSQL re-checks {@code used_at IS NULL} after waiting for
     * a concurrent UPDATE of the same row, so of two devices racing for one code exactly one wins.
     */
    public Uni<Boolean> spend(String codeHash, UUID deviceId, Instant now) {
        return SingleUseSecrets.spend(SingleUseSecrets.CODES, codeHash, now, Map.of("device_id", deviceId));
    }

    public Uni<UserSetupLock.Owner> ownerOf(String codeHash) {
        return SingleUseSecrets.ownerOf(SingleUseSecrets.CODES, codeHash);
    }

    /** Ends every code of the user not spent yet: none of them activates a device from now on. */
    public Uni<Integer> endUnspent(String tenantId, String userId, Instant now) {
        return update("endedAt = ?1 where tenantId = ?2 and userId = ?3 and usedAt is null and endedAt is null",
                now, tenantId, userId);
    }

    /** Ends the enrolment's unspent codes: a move that ended activates no further phone (decision 0094). */
    public Uni<Integer> endUnspentOf(UUID enrollmentId, Instant now) {
        return update("endedAt = ?1 where enrollmentId = ?2 and usedAt is null and endedAt is null", now, enrollmentId);
    }
}
