package io.tweestap.challenge.domain;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The methods a tenant's users may sign in with (decision 0103); every method until the tenant says otherwise. */
public record SignInRules(Set<SignInMethod> methods) {

    public static final SignInRules DEFAULTS = new SignInRules(EnumSet.allOf(SignInMethod.class));

    public SignInRules {
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("At least one method must be allowed, or nobody could sign in");
        }
        methods = Set.copyOf(EnumSet.copyOf(methods));
    }

    public boolean allows(SignInMethod method) {
        return methods.contains(method);
    }

    /** In the enum's order, so answers read the same whatever order the administrator sent. */
    public List<SignInMethod> ordered() {
        return List.copyOf(EnumSet.copyOf(methods));
    }
}
