package io.tweestap.enrollment.service;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.events.BatchedDeletion;
import io.tweestap.events.OwnContext;
import io.tweestap.events.PurgeRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes temporary access passes a grace period after they expired (used, revoked or not: an
 * expired pass opens nothing, and the grace keeps the help desk's list right for a day), and
 * failure counts that no longer count. Safe on every instance, like {@link ExpiredSetupPurge}.
 */
@ApplicationScoped
public class ExpiredAccessPassPurge {

    private static final Logger LOG = Logger.getLogger(ExpiredAccessPassPurge.class);

    // SKIP LOCKED: instances running at once share the rows; a pass being redeemed now is left for the next run.
    private static final String PASSES = "DELETE FROM temporary_access_pass WHERE id IN (SELECT id"
            + " FROM temporary_access_pass WHERE expires_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)";
    private static final String FAILURES = "DELETE FROM access_pass_failures WHERE (tenant_id, user_id) IN"
            + " (SELECT tenant_id, user_id FROM access_pass_failures WHERE first_failure_at < :cutoff"
            + " AND (locked_until IS NULL OR locked_until < :now) LIMIT :batch FOR UPDATE SKIP LOCKED)";

    /** How many rows one run deleted. */
    public record Purged(long passes, long failureCounts) {

        String report() {
            return passes + failureCounts == 0 ? null : String.format(
                    "Purged %d expired temporary access passes and %d failure counts", passes, failureCounts);
        }
    }

    @Inject
    Clock clock;

    @Inject
    EnrollmentSettings settings;

    @Inject
    OwnContext ownContext;

    @Scheduled(identity = "enrollment-expired-access-pass-purge", every = "${tweestap.enrollment.purge.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> onSchedule() {
        return PurgeRun.logged(LOG, "expired access passes", purge(Instant.now(clock)), Purged::report);
    }

    public Uni<Purged> purge(Instant now) {
        Instant passCutoff = now.minus(settings.purge().grace());
        Instant failureCutoff = now.minus(settings.accessPasses().failureWindow());
        return ownContext.run(() -> inBatches(PASSES, Map.of("cutoff", passCutoff))
                .chain(passes -> inBatches(FAILURES, Map.of("cutoff", failureCutoff, "now", now)).map(counts -> new Purged(passes, counts))));
    }

    private Uni<Long> inBatches(String delete, Map<String, Object> parameters) {
        return BatchedDeletion.ofNativeDelete(delete, parameters, settings.purge().batchSize(), BatchedDeletion.NO_LIMIT);
    }
}
