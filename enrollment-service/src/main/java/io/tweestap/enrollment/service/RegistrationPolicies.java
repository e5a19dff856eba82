package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.RegistrationRules;
import io.tweestap.enrollment.domain.TenantPolicy;
import io.tweestap.enrollment.repository.TenantPolicyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/** Each tenant's registration policy, falling back to the configured defaults. */
@ApplicationScoped
public class RegistrationPolicies {

    @Inject
    Clock clock;

    @Inject
    EnrollmentSettings settings;

    @Inject
    TenantPolicyRepository policies;

    @WithSession
    public Uni<RegistrationRules> rulesFor(String tenantId) {
        return policies.findById(tenantId).map(this::rulesOf);
    }

    @WithTransaction
    public Uni<RegistrationRules> update(String tenantId, RegistrationRules rules) {
        return policies.findById(tenantId).chain(found -> {
            TenantPolicy policy = found != null ? found : new TenantPolicy();
            policy.tenantId = tenantId;
            policy.snoozeDays = rules.snoozeDays();
            policy.maxSnoozes = rules.maxSnoozes();
            policy.requireDevice = rules.requireDevice();
            policy.requirePhone = rules.requirePhone();
            policy.updatedAt = Instant.now(clock);
            return policy.<TenantPolicy>persist();
        }).map(this::rulesOf);
    }

    RegistrationRules rulesOf(TenantPolicy policy) {
        if (policy == null) {
            EnrollmentSettings.PolicyDefaults defaults = settings.policyDefaults();
            return new RegistrationRules(defaults.snoozeDays(), defaults.maxSnoozes(), defaults.requireDevice(),
                    defaults.requirePhone());
        }
        return new RegistrationRules(policy.snoozeDays, policy.maxSnoozes, policy.requireDevice, policy.requirePhone);
    }
}
