package io.tweestap.sms.service;

import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.policy.PolicyInForce;
import io.tweestap.api.policy.TenantPolicies;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.CodeRules;
import io.tweestap.sms.domain.PhoneVerification;
import io.tweestap.sms.domain.SmsCode;
import io.tweestap.sms.domain.SmsCodes;
import io.tweestap.sms.repository.CodePolicyRepository;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Each tenant's code rules, falling back to the configured defaults (decision 0102). Read in the
 * transaction that issues a code, which then carries its own length, lifetime and checks: a change
 * applies to the next code, never to one already sent.
 */
@Startup
@ApplicationScoped
public class CodePolicies implements TenantPolicies<CodeRules> {

    private static final Logger LOG = Logger.getLogger(CodePolicies.class);

    @Inject
    CodePolicyRepository policies;

    @Inject
    SmsSettings settings;

    @Inject
    SmsCodes codes;

    @Inject
    Clock clock;

    private CodeRules defaults;

    /** Configured defaults outside the bounds stop the service at start, not at the first send. */
    @PostConstruct
    void readDefaults() {
        try {
            defaults = new CodeRules(settings.codeLength(), settings.codeLifetime(), settings.maxChecks());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("tweestap.sms.code-length, code-lifetime, max-checks: " + e.getMessage(), e);
        }
    }

    public CodeRules defaults() {
        return defaults;
    }

    public Uni<CodeRules> rulesFor(String tenantId) {
        return policies.findById(tenantId).map(policy -> policy == null ? defaults : policy.rules());
    }

    /**
     * A fresh code for the verification by its tenant's rules of now, which the verification keeps:
     * its seal, expiry and checks replace the old code's (which stops working).
     */
    public Uni<SmsCode> newCode(PhoneVerification verification, Instant now) {
        return rulesFor(verification.tenantId).map(rules -> {
            SmsCode code = codes.next(rules);
            verification.replaceCode(codes.seal(verification.id, code), now.plus(rules.lifetime()), rules.maxChecks());
            return code;
        });
    }

    @Override
    public Uni<PolicyInForce<CodeRules>> inForce(String tenantId) {
        return policies.findById(tenantId).map(policy -> policy == null ? PolicyInForce.defaults(defaults)
                : new PolicyInForce<>(policy.rules(), policy.updatedAt, policy.updatedBy));
    }

    @Override
    public Uni<PolicyInForce<CodeRules>> set(String tenantId, CodeRules rules, String admin) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return policies.upsert(tenantId, rules, admin, now).invoke(() -> LOG.infof(
                        "Code policy of tenant %s set: %d digits, %d minutes, %d checks", tenantId, rules.length(),
                        rules.lifetimeMinutes(), rules.maxChecks()))
                .replaceWith(new PolicyInForce<>(rules, now, admin));
    }

    /** Back to the configured defaults. */
    @Override
    public Uni<Boolean> reset(String tenantId) {
        return policies.deleteById(tenantId).invoke(deleted -> {
            if (deleted) {
                LOG.infof("Code policy of tenant %s reset to the defaults", tenantId);
            }
        });
    }
}
