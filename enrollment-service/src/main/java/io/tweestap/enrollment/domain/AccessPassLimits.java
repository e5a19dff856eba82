package io.tweestap.enrollment.domain;

import java.time.Duration;

/** The lifetimes a tenant's administrators may give a temporary access pass, and whether it may be reused. */
public record AccessPassLimits(Duration minLifetime, Duration maxLifetime, Duration defaultLifetime,
        boolean reusableAllowed) {

    /** The default is kept inside the bounds, so a tenant that narrows them needs not repeat it. */
    public AccessPassLimits {
        if (defaultLifetime.compareTo(minLifetime) < 0) {
            defaultLifetime = minLifetime;
        } else if (defaultLifetime.compareTo(maxLifetime) > 0) {
            defaultLifetime = maxLifetime;
        }
    }

    public boolean allows(Duration lifetime) {
        return lifetime.compareTo(minLifetime) >= 0 && lifetime.compareTo(maxLifetime) <= 0;
    }

    public long minMinutes() {
        return minLifetime.toMinutes();
    }

    public long maxMinutes() {
        return maxLifetime.toMinutes();
    }
}
