package io.tweestap.challenge.service;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.TenantPolicy;
import io.tweestap.challenge.domain.SignInRules;
import io.tweestap.challenge.repository.TenantPolicyRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** A tenant's effective number length and expiry. */
@ApplicationScoped
public class ChallengePolicies {

    @Inject
    TenantPolicyRepository policies;

    /** {@code signIn}: the tenant's sign-in methods and fallback (decision 0104), read with the rest for a new push. */
    public record Effective(int numberLength, Duration expiry, SignInRules signIn) {

        Effective(int numberLength, Duration expiry) {
            this(numberLength, expiry, SignInRules.DEFAULTS);
        }
    }

    @Inject
    ChallengeSettings settings;

    public Uni<Effective> forTenant(String tenantId) {
        return policies.findById(tenantId).map(policy -> policy == null
                ? new Effective(settings.numberLength(), settings.expiry())
                : new Effective(policy.numberLength, Duration.ofSeconds(policy.expirySeconds)));
    }

    public Uni<Effective> save(String tenantId, int numberLength, Duration expiry) {
        return policies.findById(tenantId).chain(existing -> {
            TenantPolicy policy = existing == null ? new TenantPolicy() : existing;
            policy.tenantId = tenantId;
            policy.numberLength = numberLength;
            policy.expirySeconds = (int) expiry.toSeconds();
            return policy.<TenantPolicy>persist();
        }).map(saved -> new Effective(saved.numberLength, Duration.ofSeconds(saved.expirySeconds)));
    }
}
