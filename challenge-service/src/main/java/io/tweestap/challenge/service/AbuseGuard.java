package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.challenge.domain.UserGuard;
import io.tweestap.challenge.repository.UserGuardRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Keeps each user's push-bombing and fraud state; every method joins the caller's transaction. */
@ApplicationScoped
public class AbuseGuard {

    @Inject
    UserGuardRepository guards;

    @Inject
    ChallengeSettings settings;

    /**
     * Locks the user's guard row (creating it on first use) so that concurrent challenge requests
     * for one user are checked one after the other and limits cannot be raced.
     */
    public Uni<UserGuard> lock(String tenantId, String userId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                INSERT INTO user_guard (tenant_id, user_id, consecutive_failures)
                                VALUES (:tenant, :user, 0) ON CONFLICT DO NOTHING""")
                        .setParameter("tenant", tenantId)
                        .setParameter("user", userId)
                        .executeUpdate())
                .chain(() -> guards.locked(tenantId, userId));
    }

    /** An approved sign-in, by push or SMS code: the counts since the last success start again. */
    public Uni<Void> succeeded(String tenantId, String userId) {
        return lock(tenantId, userId).invoke(guard -> {
            guard.consecutiveFailures = 0;
            guard.pushesSinceSuccess = 0;
        }).replaceWithVoid();
    }

    /** A denial or time-out; enough in a row pause pushes for a while. */
    public Uni<Void> failed(String tenantId, String userId, Instant now) {
        return lock(tenantId, userId).invoke(guard -> {
            guard.consecutiveFailures++;
            if (guard.consecutiveFailures >= settings.failuresBeforeSuppression()) {
                guard.suppressedUntil = now.plus(settings.suppression());
                guard.consecutiveFailures = 0;
            }
        }).replaceWithVoid();
    }

    public Uni<Void> fraudReported(String tenantId, String userId, Instant now) {
        return lock(tenantId, userId).invoke(guard -> guard.fraudBlockedAt = now).replaceWithVoid();
    }

    /** @return whether there was anything to lift */
    public Uni<Boolean> unblock(String tenantId, String userId) {
        return lock(tenantId, userId).map(guard -> {
            boolean wasBlocked = guard.fraudBlockedAt != null || guard.suppressedUntil != null || guard.consecutiveFailures > 0
                    || guard.pushesSinceSuccess > 0;
            guard.fraudBlockedAt = null;
            guard.suppressedUntil = null;
            guard.consecutiveFailures = 0;
            guard.pushesSinceSuccess = 0;
            return wasBlocked;
        });
    }
}
