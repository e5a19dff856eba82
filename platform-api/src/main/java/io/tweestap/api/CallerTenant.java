package io.tweestap.api;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The tenant of the platform calling us, taken only from its verified bearer token, never from a
 * path or body, so one tenant cannot name another's data.
 */
@RequestScoped
public class CallerTenant {

    public static final String CLAIM = "tenant";

    @Inject
    JsonWebToken token;

    public String id() {
        String tenant = text(token.getClaim(CLAIM));
        if (tenant == null || tenant.isBlank()) {
            throw new ProblemException(Problem.of("missing-tenant", "Forbidden", 403,
                    "The bearer token has no '" + CLAIM + "' claim"));
        }
        return tenant;
    }

    private static String text(Object claim) {
        if (claim == null || claim instanceof String) {
            return (String) claim;
        }
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        // A number, object or list is not a tenant: the token is malformed (401), not merely lacking one (403).
        throw new AuthenticationFailedException("The bearer token's '" + CLAIM + "' claim is not a string");
    }
}
