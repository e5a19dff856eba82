package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.EnrollmentLink;
import io.tweestap.enrollment.domain.IssuedActivationCode;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.events.OwnContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Deletes wizard sessions, enrollment links and activation codes a while after they expired, so
 * that the hashes of spent secrets do not pile up for ever. The grace period keeps the page's
 * "this link has expired / was already used" answers right for a day instead of turning them
 * into "not valid" the minute they expire. Enrollments, devices and phones are records of what a
 * user has and are never touched here.
 */
@ApplicationScoped
public class ExpiredSetupPurge {

    private static final Logger LOG = Logger.getLogger(ExpiredSetupPurge.class);

    /** How many rows of each kind one run deleted. */
    public record Purged(long sessions, long links, long activationCodes) {

        long total() {
            return sessions + links + activationCodes;
        }
    }

    @Inject
    EnrollmentSettings settings;

    /** The scheduler calls from its own thread, where Hibernate Reactive has no session to use. */
    @Inject
    OwnContext ownContext;

    // Every instance may run it: the deletes are idempotent, so no leader is needed.
    @Scheduled(identity = "enrollment-expired-setup-purge", every = "${tweestap.enrollment.purge.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> onSchedule() {
        return purge(Instant.now())
                .onFailure().invoke(failure -> LOG.warnf("Purging expired setup data failed; next run retries: %s",
                        failure.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    /** Deletes what expired more than the grace period before {@code now}; nothing still usable qualifies. */
    public Uni<Purged> purge(Instant now) {
        Instant cutoff = now.minus(settings.purge().grace());
        return ownContext.run(() -> Panache.withTransaction(() -> WizardSession.delete("expiresAt < ?1", cutoff)
                .chain(sessions -> EnrollmentLink.delete("expiresAt < ?1", cutoff)
                        // A used code names the device a live session is testing; it goes with that session.
                        .chain(links -> IssuedActivationCode.delete("expiresAt < ?1 and id not in"
                                        + " (select s.activationId from WizardSession s where s.activationId is not null)",
                                        cutoff)
                                .map(codes -> new Purged(sessions, links, codes))))))
                .invoke(purged -> {
                    if (purged.total() > 0) {
                        LOG.infof("Purged expired setup data: %d wizard sessions, %d enrollment links, %d activation codes",
                                purged.sessions(), purged.links(), purged.activationCodes());
                    }
                });
    }
}
