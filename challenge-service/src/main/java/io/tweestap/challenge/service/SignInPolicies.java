package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.api.policy.PolicyInForce;
import io.tweestap.api.policy.TenantPolicies;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.domain.SignInPolicy;
import io.tweestap.challenge.domain.SignInRules;
import io.tweestap.challenge.repository.SignInPolicyRepository;
import io.tweestap.challenge.service.Creation.Refusal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Each tenant's sign-in methods (decision 0103), and the refusal of a sign-in by a method the tenant
 * does not allow. Read where a sign-in is asked for, nothing cached, so a change holds on every
 * instance from the next request.
 */
@ApplicationScoped
public class SignInPolicies implements TenantPolicies<SignInRules> {

    private static final Logger LOG = Logger.getLogger(SignInPolicies.class);

    @Inject
    SignInPolicyRepository policies;

    @Inject
    ChallengeService challenges;

    public Uni<SignInRules> rulesFor(String tenantId) {
        return policies.rulesOf(tenantId);
    }

    @Override
    public Uni<PolicyInForce<SignInRules>> inForce(String tenantId) {
        return policies.findById(tenantId).map(SignInPolicies::inForce);
    }

    @Override
    public Uni<PolicyInForce<SignInRules>> set(String tenantId, SignInRules rules, String admin) {
        Instant now = challenges.now();
        return policies.upsert(tenantId, rules, admin, now)
                .invoke(() -> LOG.infof("Sign-in methods of tenant %s set: %s, fallback %s", tenantId, rules.ordered(),
                        rules.fallback().map(fallback -> fallback.orderText() + " after " + fallback.after().toSeconds() + " s")
                                .orElse("none")))
                .replaceWith(new PolicyInForce<>(rules, now, admin));
    }

    /** Back to every method and no fallback. */
    @Override
    public Uni<Boolean> reset(String tenantId) {
        return policies.deleteById(tenantId);
    }

    /**
     * A sign-in by a method the tenant does not allow is refused: {@code ChallengeRefused} (reason
     * {@code METHOD_NOT_ALLOWED}) commits, then the caller gets 403 {@code method-not-allowed} with
     * the methods it may use. A setup test push is no sign-in and is not held to the list.
     */
    public Uni<Void> admit(String tenantId, NewChallenge request, SignInMethod method) {
        return Panache.withTransaction(() -> judge(tenantId, request, method))
                .invoke(notAllowed -> notAllowed.ifPresent(refused -> {
                    throw notAllowed(method, refused.allowedMethods());
                }))
                .replaceWithVoid();
    }

    /**
     * The same judgement inside the caller's transaction, so that a push sign-in reads the policy in
     * the transaction that creates it and commits once: empty when the method is allowed; otherwise
     * {@code ChallengeRefused} is written in that transaction and the refusal returned.
     */
    public Uni<Optional<Creation.NotAllowed>> judge(String tenantId, NewChallenge request, SignInMethod method) {
        if (request.purpose() != Purpose.SIGN_IN) {
            return Uni.createFrom().item(Optional.empty());
        }
        return rulesFor(tenantId).chain(rules -> rules.allows(method)
                ? Uni.createFrom().item(Optional.<Creation.NotAllowed>empty())
                : challenges.refuse(tenantId, request, Refusal.METHOD_NOT_ALLOWED, null, null, challenges.now())
                        .replaceWith(Optional.of(new Creation.NotAllowed(rules.ordered()))));
    }

    /** The 403 a caller gets for a method its tenant does not allow. */
    public static ProblemException notAllowed(SignInMethod method, List<SignInMethod> allowed) {
        return new ProblemException(Problem.of("method-not-allowed", "Forbidden", 403,
                "The organisation's sign-in policy does not allow " + method + "; use one of the allowed methods")
                .with("allowedMethods", allowed));
    }

    private static PolicyInForce<SignInRules> inForce(SignInPolicy policy) {
        return policy == null ? PolicyInForce.defaults(SignInRules.DEFAULTS)
                : new PolicyInForce<>(policy.rules(), policy.updatedAt, policy.updatedBy);
    }
}
