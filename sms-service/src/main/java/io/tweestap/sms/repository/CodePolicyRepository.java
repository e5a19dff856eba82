package io.tweestap.sms.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.tweestap.sms.domain.CodePolicy;
import io.tweestap.sms.domain.CodeRules;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Each tenant's code rules, by tenant id; a tenant without a row has the configured defaults. */
@ApplicationScoped
public class CodePolicyRepository implements PanacheRepositoryBase<CodePolicy, String> {

    /** One statement, so two administrators setting a tenant's first policy at once do not collide: the last one wins. */
    public Uni<Void> upsert(String tenantId, CodeRules rules, String admin, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO code_policy (tenant_id, code_length, lifetime_minutes, max_checks, updated_at, updated_by)
                        VALUES (:tenant, :length, :minutes, :checks, :now, CAST(:admin AS text))
                        ON CONFLICT (tenant_id) DO UPDATE SET code_length = :length, lifetime_minutes = :minutes,
                            max_checks = :checks, updated_at = :now, updated_by = CAST(:admin AS text)""")
                .setParameter("tenant", tenantId)
                .setParameter("length", rules.length())
                .setParameter("minutes", rules.lifetimeMinutes())
                .setParameter("checks", rules.maxChecks())
                .setParameter("now", now)
                .setParameter("admin", admin)
                .executeUpdate()).replaceWithVoid();
    }
}
