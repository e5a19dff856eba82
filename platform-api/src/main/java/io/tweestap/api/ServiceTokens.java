package io.tweestap.api;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens a service mints for itself to call another Tweestap service on behalf of one
 * tenant (decision 0033). Short-lived and narrowly scoped; signed with
 * {@code smallrye.jwt.sign.key.location}, which the called services trust like the identity provider.
 */
@ApplicationScoped
public class ServiceTokens {

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "quarkus.application.name")
    String caller;

    public String bearer(String tenantId, String... scopes) {
        return "Bearer " + Jwt.issuer(issuer)
                .subject(caller)
                .claim(CallerTenant.CLAIM, tenantId)
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(2))
                .sign();
    }
}
