package io.tweestap.challenge.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.PushChallenge;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Challenges, push and SMS alike, by id. */
@ApplicationScoped
public class PushChallengeRepository implements PanacheRepositoryBase<PushChallenge, UUID> {

    /** Scoped to the tenant: another tenant's id finds nothing. */
    public Uni<PushChallenge> ofTenant(String tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResult();
    }

    /** Scoped to the user: another user's id finds nothing. */
    public Uni<PushChallenge> ofUser(String tenantId, String userId, UUID id) {
        return find("id = ?1 and tenantId = ?2 and userId = ?3", id, tenantId, userId).firstResult();
    }

    /** The user's challenges still waiting for an answer at {@code now}, oldest first. */
    public Uni<List<PushChallenge>> pendingOf(String tenantId, String userId, Instant now) {
        return list("tenantId = ?1 and userId = ?2 and status = ?3 and expiresAt > ?4 order by createdAt",
                tenantId, userId, ChallengeStatus.PENDING, now);
    }
}
