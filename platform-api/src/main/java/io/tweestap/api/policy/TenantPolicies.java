package io.tweestap.api.policy;

import io.smallrye.mutiny.Uni;

/**
 * Where a service keeps each tenant's own policy of one kind (challenge-service's sign-in methods,
 * sms-service's code rules): a tenant without its own has the service's defaults.
 *
 * @param <R> the rules, checked before they get here
 */
public interface TenantPolicies<R> {

    /** In the caller's session. */
    Uni<PolicyInForce<R>> inForce(String tenantId);

    /** In the caller's transaction; the last administrator to set wins. */
    Uni<PolicyInForce<R>> set(String tenantId, R rules, String admin);

    /** Back to the defaults, in the caller's transaction; true when the tenant had its own. */
    Uni<Boolean> reset(String tenantId);
}
