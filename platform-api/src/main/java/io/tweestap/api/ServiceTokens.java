package io.tweestap.api;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bearer tokens a service mints for itself to call another Tweestap service on behalf of one
 * tenant (decisions 0033, 0009). Each token is addressed to the one service it is for ({@code aud}
 * = that service's {@code quarkus.application.name}, which it checks), carries only the scopes the
 * call needs and lives two minutes; signed with {@code smallrye.jwt.sign.key.location}. Where the
 * organisation's identity provider issues service tokens instead, this is the one class to change.
 *
 * <p>A token is used again for the same service, tenant and scopes during its first minute
 * (decision 0111): signing is an RSA private-key operation, and minting one per call made it a
 * visible part of every service-to-service call's CPU. A reused token still has at least a minute
 * to live when it is sent, far more than any call takes to arrive.
 */
@ApplicationScoped
public class ServiceTokens {

    static final Duration LIFETIME = Duration.ofMinutes(2);
    /** How long a minted token is handed out again; the rest of its lifetime is the margin for the call. */
    static final Duration REUSE = Duration.ofMinutes(1);
    /** Past this many kept tokens, those no longer handed out are dropped (one per service, tenant and scopes in use). */
    static final int KEPT = 10_000;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "quarkus.application.name")
    String caller;

    Clock clock = Clock.systemUTC();

    private final Map<Purpose, Minted> minted = new ConcurrentHashMap<>();

    private record Purpose(String audience, String tenantId, List<String> scopes) {
    }

    private record Minted(String bearer, Instant reuseUntil) {
    }

    /**
     * @param audience the called service's name, e.g. {@code sms-service}
     * @param tenantId the tenant the call acts for
     * @param scopes   only what the called operation requires
     */
    public String bearer(String audience, String tenantId, String... scopes) {
        if (audience == null || audience.isBlank() || scopes.length == 0) {
            throw new IllegalArgumentException("A service token names the service it is for and at least one scope");
        }
        Instant now = clock.instant();
        Purpose purpose = new Purpose(audience, tenantId, List.of(scopes));
        Minted kept = minted.get(purpose);
        if (kept != null && now.isBefore(kept.reuseUntil())) {
            return kept.bearer();
        }
        Minted fresh = new Minted("Bearer " + Jwt.issuer(issuer)
                .audience(audience)
                .subject(caller)
                .claim(CallerTenant.CLAIM, tenantId)
                .claim("scope", String.join(" ", scopes))
                .issuedAt(now)
                .expiresAt(now.plus(LIFETIME))
                .sign(), now.plus(REUSE));
        if (minted.size() >= KEPT) {
            minted.values().removeIf(old -> !now.isBefore(old.reuseUntil()));
        }
        minted.put(purpose, fresh);
        return fresh.bearer();
    }
}
