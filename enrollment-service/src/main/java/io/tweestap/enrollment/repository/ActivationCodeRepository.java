package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.IssuedActivationCode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
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
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE activation_code SET used_at = :now, device_id = :device"
                                + " WHERE code_hash = :hash AND used_at IS NULL AND expires_at > :now")
                .setParameter("now", now)
                .setParameter("device", deviceId)
                .setParameter("hash", codeHash)
                .executeUpdate())
                .map(updated -> updated == 1);
    }
}
