package io.tweestap.challenge.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.domain.SignInPolicy;
import io.tweestap.challenge.domain.SignInRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Each tenant's sign-in methods, by tenant id; a tenant without a row allows every method. */
@ApplicationScoped
public class SignInPolicyRepository implements PanacheRepositoryBase<SignInPolicy, String> {

    /** The tenant's rules, or every method and no fallback. */
    public Uni<SignInRules> rulesOf(String tenantId) {
        return findById(tenantId).map(policy -> policy == null ? SignInRules.DEFAULTS : policy.rules());
    }

    /** One statement, so two administrators setting a tenant's first policy at once do not collide: the last one wins. */
    public Uni<Void> upsert(String tenantId, SignInRules rules, String admin, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO sign_in_policy (tenant_id, allows_push, allows_sms, allows_voice, fallback_after_seconds,
                            fallback_order, updated_at, updated_by)
                        VALUES (:tenant, :push, :sms, :voice, CAST(:after AS int), CAST(:order AS text), :now, CAST(:admin AS text))
                        ON CONFLICT (tenant_id) DO UPDATE SET allows_push = :push, allows_sms = :sms,
                            allows_voice = :voice, fallback_after_seconds = CAST(:after AS int),
                            fallback_order = CAST(:order AS text), updated_at = :now, updated_by = CAST(:admin AS text)""")
                .setParameter("tenant", tenantId)
                .setParameter("push", rules.allows(SignInMethod.PUSH))
                .setParameter("sms", rules.allows(SignInMethod.SMS))
                .setParameter("voice", rules.allows(SignInMethod.VOICE))
                .setParameter("after", rules.fallback().map(fallback -> (int) fallback.after().toSeconds()).orElse(null))
                .setParameter("order", rules.fallback().map(SignInRules.Fallback::orderText).orElse(null))
                .setParameter("now", now)
                .setParameter("admin", admin)
                .executeUpdate()).replaceWithVoid();
    }
}
