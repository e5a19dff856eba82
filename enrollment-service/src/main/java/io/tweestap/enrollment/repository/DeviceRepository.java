package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.Device;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class DeviceRepository implements PanacheRepositoryBase<Device, UUID> {

    public Uni<Device> findForUser(String tenantId, String userId, UUID id) {
        return find("tenantId = ?1 and userId = ?2 and id = ?3", tenantId, userId, id).firstResult();
    }

    public Uni<List<Device>> ofUser(String tenantId, String userId) {
        return list("tenantId = ?1 and userId = ?2 order by registeredAt", tenantId, userId);
    }

    public Uni<Long> countVerified(String tenantId, String userId) {
        return count("tenantId = ?1 and userId = ?2 and status = ?3", tenantId, userId, Device.Status.VERIFIED);
    }
}
