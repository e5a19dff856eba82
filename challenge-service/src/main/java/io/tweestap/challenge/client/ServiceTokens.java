package io.tweestap.challenge.client;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/** Short-lived, tenant-bound tokens for calling sms-service (as enrollment-service does, decision 0033). */
@ApplicationScoped
public class ServiceTokens {

    public String bearer(String tenantId, String... scopes) {
        return "Bearer " + Jwt.issuer("https://tweestap.local/dev")
                .subject("challenge-service")
                .claim("tenant", tenantId)
                .claim("scope", String.join(" ", scopes))
                .expiresIn(Duration.ofMinutes(2))
                .sign();
    }
}
