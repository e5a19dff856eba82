package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.EnrollmentLink;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;

@ApplicationScoped
public class EnrollmentLinkRepository implements PanacheRepositoryBase<EnrollmentLink, String> {

    /**
     * Marks the link opened if it is still unopened and unexpired. One UPDATE, so two tabs racing
     * for the same link cannot both get a session.
     */
    public Uni<Boolean> claim(String tokenHash, Instant now) {
        return SingleUseSecrets.spend(SingleUseSecrets.LINKS, tokenHash, now, Map.of());
    }

    public Uni<UserSetupLock.Owner> ownerOf(String tokenHash) {
        return SingleUseSecrets.ownerOf(SingleUseSecrets.LINKS, tokenHash);
    }

    /** Ends every link of the user not opened yet: none of them opens a wizard from now on. */
    public Uni<Integer> endUnopened(String tenantId, String userId, Instant now) {
        return update("endedAt = ?1 where tenantId = ?2 and userId = ?3 and openedAt is null and endedAt is null",
                now, tenantId, userId);
    }
}
