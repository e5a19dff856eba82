package io.tweestap.api.policy;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A tenant administrator's calls on its policy, the same for every kind: always the caller's own
 * tenant, from its token and never from a path or body; the administrator who set it is the token's
 * subject; read in a session, changed in a transaction. The resource of each kind keeps its path,
 * scope, validation and documentation, which differ.
 */
@ApplicationScoped
public class PolicyAdministration {

    @Inject
    CallerTenant tenant;

    @Inject
    JsonWebToken token;

    public <R> Uni<PolicyInForce<R>> read(TenantPolicies<R> policies) {
        // The token is read here, on the request's context, not inside the session's callback.
        String tenantId = tenant.id();
        return Panache.withSession(() -> policies.inForce(tenantId));
    }

    public <R> Uni<PolicyInForce<R>> set(TenantPolicies<R> policies, R rules) {
        String tenantId = tenant.id();
        String admin = token.getSubject();
        return Panache.withTransaction(() -> policies.set(tenantId, rules, admin));
    }

    /** 204 whether or not the tenant had its own: the defaults hold either way. */
    public Uni<Response> reset(TenantPolicies<?> policies) {
        String tenantId = tenant.id();
        return Panache.withTransaction(() -> policies.reset(tenantId)).replaceWith(Response.noContent().build());
    }
}
