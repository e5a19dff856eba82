package io.tweestap.api;

import jakarta.annotation.security.RolesAllowed;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The scopes an operation needs, as its {@code @RolesAllowed} names them (the token's {@code scope}
 * claim becomes its roles), so a 403 can say which scope the token lacks.
 */
public final class RequiredScopes {

    private RequiredScopes() {
    }

    /** Any one of these is enough; empty when the operation names none or is unknown. */
    public static List<String> of(Method operation) {
        if (operation == null) {
            return List.of();
        }
        RolesAllowed roles = operation.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = operation.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return roles == null ? List.of() : List.of(roles.value());
    }

    /** The 403's detail: what the caller asks its identity provider for. */
    public static String detail(List<String> scopes) {
        if (scopes.isEmpty()) {
            return "The bearer token lacks the scope this operation needs";
        }
        if (scopes.size() == 1) {
            return "The bearer token lacks the scope this operation needs: " + scopes.get(0);
        }
        return "The bearer token lacks the scope this operation needs: one of " + String.join(", ", scopes);
    }
}
