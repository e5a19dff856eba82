package io.tweestap.challenge.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.tweestap.challenge.domain.TenantPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/** Each tenant's challenge policy, by tenant id; a tenant without a row has the configured defaults. */
@ApplicationScoped
public class TenantPolicyRepository implements PanacheRepositoryBase<TenantPolicy, String> {
}
