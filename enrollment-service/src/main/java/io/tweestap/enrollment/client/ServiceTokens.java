package io.tweestap.enrollment.client;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * Bearer tokens this service mints for itself to call challenge-service and sms-service on behalf
 * of one tenant (decision 0033). Short-lived and narrowly scoped; signed with
 * {@code smallrye.jwt.sign.key.location}, which the other services trust like the identity provider.
 */
@ApplicationScoped
public class ServiceTokens {

    static final String ISSUER = "https://tweestap.local/dev";
    static final String SUBJECT = "enrollment-service";

    public String bearer(String tenantId, String... scopes) {
        return "Bearer " + Jwt.issuer(ISSUER)
                .subject(SUBJECT)
                .claim("tenant", tenantId)
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(2))
                .sign();
    }
}
