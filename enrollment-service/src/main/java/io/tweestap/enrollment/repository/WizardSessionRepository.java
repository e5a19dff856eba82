package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.WizardSession;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

@ApplicationScoped
public class WizardSessionRepository implements PanacheRepositoryBase<WizardSession, String> {

    /** Whether the session is still open, read from the table itself (never from the session's cache). */
    public Uni<Boolean> isOpen(String tokenHash) {
        return Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT count(*) FROM wizard_session WHERE token_hash = :hash AND ended_at IS NULL",
                                Long.class)
                        .setParameter("hash", tokenHash)
                        .getSingleResult())
                .map(open -> open == 1);
    }

    /** Ends every open wizard session of the user: each shows "setup ended" from its next request on. */
    public Uni<Integer> endOpen(String tenantId, String userId, Instant now) {
        return update("endedAt = ?1 where tenantId = ?2 and userId = ?3 and endedAt is null", now, tenantId, userId);
    }
}
