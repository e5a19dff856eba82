package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.config.EnrollmentSettings.AccessPasses;
import io.tweestap.enrollment.config.EnrollmentSettings.TenantLimits;
import io.tweestap.enrollment.domain.AccessPassCode;
import io.tweestap.enrollment.domain.AccessPassLimits;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.domain.TemporaryAccessPass;
import io.tweestap.enrollment.repository.AccessPassFailures;
import io.tweestap.enrollment.repository.TemporaryAccessPassRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.service.EnrollmentService.StartedEnrollment;
import io.tweestap.events.enrollment.TemporaryAccessPassIssued;
import io.tweestap.events.enrollment.TemporaryAccessPassRedeemed;
import io.tweestap.events.enrollment.TemporaryAccessPassRevoked;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Temporary access passes (issue 16 item 1, decision 0083): issued by an administrator for a user
 * who has no working second factor, redeemed by the platform for a setup wizard link, revoked.
 */
@ApplicationScoped
public class TemporaryAccessPasses {

    private static final Logger LOG = Logger.getLogger(TemporaryAccessPasses.class);

    /** A pass just issued; the code is in no other place and is shown to the issuer once. */
    public record IssuedPass(TemporaryAccessPass pass, AccessPassCode code) {
    }

    /** How a redemption ended; refusals do not say why, so nothing about a pass leaks. */
    public sealed interface Redemption {
        record Redeemed(UUID passId, StartedEnrollment wizard) implements Redemption {
        }

        record Refused() implements Redemption {
        }

        record Locked(Duration retryAfter) implements Redemption {
        }
    }

    @Inject
    Clock clock;

    @Inject
    TemporaryAccessPassRepository passes;

    @Inject
    AccessPassFailures failures;

    @Inject
    UserSetupLock setupLock;

    @Inject
    EnrollmentService enrollments;

    @Inject
    EnrollmentSettings settings;

    @Inject
    Outbox outbox;

    /** The tenant's limits: its own where configured, the service's otherwise. */
    public AccessPassLimits limitsFor(String tenantId) {
        AccessPasses all = settings.accessPasses();
        TenantLimits own = all.tenants().get(tenantId);
        if (own == null) {
            return new AccessPassLimits(all.minLifetime(), all.maxLifetime(), all.defaultLifetime(), all.reusableAllowed());
        }
        return new AccessPassLimits(own.minLifetime().orElse(all.minLifetime()),
                own.maxLifetime().orElse(all.maxLifetime()), own.defaultLifetime().orElse(all.defaultLifetime()),
                own.reusableAllowed().orElse(all.reusableAllowed()));
    }

    /**
     * Issues a pass valid for {@code lifetimeMinutes} (the tenant's default when null), single use
     * unless {@code oneTime} is false and the tenant allows reuse; 400 outside the tenant's limits.
     */
    @WithTransaction
    public Uni<IssuedPass> issue(String tenantId, String userId, Integer lifetimeMinutes, Boolean oneTime,
            String issuedBy) {
        AccessPassLimits limits = limitsFor(tenantId);
        Duration lifetime = lifetimeMinutes == null ? limits.defaultLifetime() : Duration.ofMinutes(lifetimeMinutes);
        if (!limits.allows(lifetime)) {
            return Uni.createFrom().failure(invalid("lifetimeMinutes", "must be between " + limits.minMinutes()
                    + " and " + limits.maxMinutes() + " minutes for this tenant"));
        }
        boolean single = oneTime == null || oneTime;
        if (!single && !limits.reusableAllowed()) {
            return Uni.createFrom().failure(invalid("oneTime", "this tenant allows single-use passes only"));
        }
        Instant now = Instant.now(clock);
        AccessPassCode code = AccessPassCode.generate();
        TemporaryAccessPass pass = TemporaryAccessPass.issue(tenantId, userId, code, single, issuedBy, now,
                now.plus(lifetime));
        return passes.persist(pass)
                .call(() -> outbox.add(new TemporaryAccessPassIssued(tenantId, userId, now, pass.id.toString(),
                        pass.expiresAt, single, issuedBy)))
                .map(saved -> new IssuedPass(saved, code));
    }

    @WithSession
    public Uni<List<TemporaryAccessPass>> list(String tenantId, String userId) {
        return passes.ofUser(tenantId, userId);
    }

    /** Revokes the pass; revoking it again changes nothing and publishes nothing. 404 when the user has no such pass. */
    @WithTransaction
    public Uni<Void> revoke(String tenantId, String userId, UUID passId, String revokedBy) {
        Instant now = Instant.now(clock);
        return passes.revoke(tenantId, userId, passId, revokedBy, now).chain(revoked -> revoked
                ? outbox.add(new TemporaryAccessPassRevoked(tenantId, userId, now, passId.toString(), revokedBy)).replaceWithVoid()
                : passes.findForUser(tenantId, userId, passId)
                        .onItem().ifNull().failWith(() -> ProblemException.notFound("Temporary access pass " + passId))
                        .replaceWithVoid());
    }

    /**
     * Spends the user's pass and starts an enrollment whose wizard link is returned. Under the
     * user's setup lock, so a reset and this redemption do not interleave, and the user's failure
     * count is read and written by one redemption at a time. A refusal commits its failure count.
     */
    @WithTransaction
    public Uni<Redemption> redeem(String tenantId, String userId, String typed, PlatformPages pages) {
        Instant now = Instant.now(clock);
        AccessPassCode code = AccessPassCode.parse(typed);
        return setupLock.hold(tenantId, userId)
                .chain(() -> failures.lockedUntil(tenantId, userId, now))
                .chain(lockedUntil -> lockedUntil != null
                        ? Uni.createFrom().item(new Redemption.Locked(Duration.between(now, lockedUntil)))
                        : spend(tenantId, userId, code, now).chain(passId -> passId == null
                                ? refuse(tenantId, userId, now)
                                : open(tenantId, userId, passId, pages)));
    }

    private Uni<UUID> spend(String tenantId, String userId, AccessPassCode code, Instant now) {
        if (!code.wellFormed()) {
            return Uni.createFrom().nullItem();
        }
        return passes.idOf(tenantId, userId, code.hash()).chain(id -> id == null ? Uni.createFrom().<UUID>nullItem()
                : passes.spend(id, now).map(spent -> spent ? id : null));
    }

    private Uni<Redemption> open(String tenantId, String userId, UUID passId, PlatformPages pages) {
        return failures.clear(tenantId, userId)
                .chain(() -> enrollments.startOne(tenantId, userId, pages))
                .call(wizard -> outbox.add(new TemporaryAccessPassRedeemed(tenantId, userId, Instant.now(clock),
                        passId.toString(), wizard.enrollment().id.toString())))
                .map(wizard -> new Redemption.Redeemed(passId, wizard));
    }

    private Uni<Redemption> refuse(String tenantId, String userId, Instant now) {
        AccessPasses rules = settings.accessPasses();
        LOG.infof("Temporary access pass refused for a user of tenant %s", tenantId);
        return failures.record(tenantId, userId, now, rules.maxFailures(), rules.failureWindow(), rules.lockout())
                .replaceWith(new Redemption.Refused());
    }

    private static ProblemException invalid(String field, String message) {
        return new ProblemException(Problem.of("invalid-request", "Bad request", 400, "The request has invalid fields")
                .withViolations(List.of(new Problem.Violation(field, message))));
    }
}
