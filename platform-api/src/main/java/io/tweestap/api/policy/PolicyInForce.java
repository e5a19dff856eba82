package io.tweestap.api.policy;

import java.time.Instant;

/**
 * A tenant's policy of one kind as it holds now: its rules, and which administrator set them when;
 * both are null while the service's defaults hold, because the tenant never set its own or reset it.
 */
public record PolicyInForce<R>(R rules, Instant updatedAt, String updatedBy) {

    /** The service's defaults, for a tenant without its own. */
    public static <R> PolicyInForce<R> defaults(R rules) {
        return new PolicyInForce<>(rules, null, null);
    }

    public boolean isDefaults() {
        return updatedAt == null;
    }
}
