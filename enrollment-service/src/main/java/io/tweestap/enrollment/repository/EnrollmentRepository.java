package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.Enrollment;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class EnrollmentRepository implements PanacheRepositoryBase<Enrollment, UUID> {

    /** Scoped to the tenant: another tenant's id finds nothing. */
    public Uni<Enrollment> findForTenant(String tenantId, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenantId, id).firstResult();
    }

    /** Ends the user's open enrollments as RESET. */
    public Uni<Integer> resetOpen(String tenantId, String userId, java.time.Instant now) {
        return update("status = ?1, completedAt = ?2 where tenantId = ?3 and userId = ?4 and status = ?5",
                Enrollment.Status.RESET, now, tenantId, userId, Enrollment.Status.STARTED);
    }

    public Uni<List<Enrollment>> openFor(String tenantId, String userId) {
        return list("tenantId = ?1 and userId = ?2 and status = ?3", tenantId, userId, Enrollment.Status.STARTED);
    }
}
