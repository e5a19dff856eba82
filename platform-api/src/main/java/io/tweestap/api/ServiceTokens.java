package io.tweestap.api;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens a service mints for itself to call another Tweestap service on behalf of one
 * tenant (decisions 0033, 0009). Each token is addressed to the one service it is for ({@code aud}
 * = that service's {@code quarkus.application.name}, which it checks), carries only the scopes the
 * call needs and lives two minutes; signed with {@code smallrye.jwt.sign.key.location}. Where the
 * organisation's identity provider issues service tokens instead, this is the one class to change.
 */
@ApplicationScoped
public class ServiceTokens {

    static final Duration LIFETIME = Duration.ofMinutes(2);

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "quarkus.application.name")
    String caller;

    /**
     * @param audience the called service's name, e.g. {@code sms-service}
     * @param tenantId the tenant the call acts for
     * @param scopes   only what the called operation requires
     */
    public String bearer(String audience, String tenantId, String... scopes) {
        if (audience == null || audience.isBlank() || scopes.length == 0) {
            throw new IllegalArgumentException("A service token names the service it is for and at least one scope");
        }
        return "Bearer " + Jwt.issuer(issuer)
                .audience(audience)
                .subject(caller)
                .claim(CallerTenant.CLAIM, tenantId)
                .claim("scope", String.join(" ", scopes))
                .expiresIn(LIFETIME)
                .sign();
    }
}
