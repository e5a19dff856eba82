package io.tweestap.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
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
        String tenant = token.getClaim(CLAIM);
        if (tenant == null || tenant.isBlank()) {
            throw new ProblemException(Problem.of("missing-tenant", "Forbidden", 403,
                    "The bearer token has no '" + CLAIM + "' claim"));
        }
        return tenant;
    }
}
