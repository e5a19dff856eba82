package io.tweestap.enrollment.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.tweestap.enrollment.domain.TenantPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/** Each tenant's registration policy, by tenant id; a tenant without a row has the configured defaults. */
@ApplicationScoped
public class TenantPolicyRepository implements PanacheRepositoryBase<TenantPolicy, String> {
}
