package io.tweestap.events.inbox;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.BatchedDeletion;
import io.tweestap.events.OwnContext;
import io.tweestap.events.PurgeRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Forgets inbox rows older than {@code tweestap.inbox.retention} (P30D): the inbox gains a row per
 * consumed event, two per sign-in, and nothing else ever deletes them. Every instance of every
 * service runs it: each batch locks its rows with {@code SKIP LOCKED}, so instances purging at the
 * same time take different rows, and deleting what is already gone is a no-op (decision 0064).
 */
@ApplicationScoped
public class InboxRetention {

    private static final Logger LOG = Logger.getLogger(InboxRetention.class);

    // ctid: the row's physical address, the cheapest way to name the rows the subquery locked.
    private static final String DELETE_BATCH = "DELETE FROM inbox WHERE ctid IN (SELECT ctid FROM inbox"
            + " WHERE received_at < :cutoff ORDER BY received_at LIMIT :batch FOR UPDATE SKIP LOCKED)";

    /** Keeps one run from looping for ever if rows older than the cutoff keep coming (they cannot, but cheaply). */
    private static final int MAX_BATCHES_PER_RUN = 1000;

    @Inject
    InboxSettings settings;

    /** The service's clock (each service produces one). */
    @Inject
    Clock clock;

    @Inject
    OwnContext ownContext;

    @Scheduled(identity = "tweestap-inbox-retention", every = "${tweestap.inbox.retention-every:1h}",
            delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> onSchedule() {
        Instant now = clock.instant();
        return PurgeRun.logged(LOG, "the inbox", purge(now), deleted -> deleted == 0 ? null
                : String.format("Purged %d inbox rows received before %s", deleted, cutoff(now)));
    }

    /** Deletes every inbox row received more than the retention before {@code now}; returns how many. */
    public Uni<Long> purge(Instant now) {
        return ownContext.run(() -> BatchedDeletion.ofNativeDelete(DELETE_BATCH, Map.of("cutoff", cutoff(now)),
                settings.retentionBatchSize(), MAX_BATCHES_PER_RUN));
    }

    private OffsetDateTime cutoff(Instant now) {
        return now.minus(settings.retention()).atOffset(ZoneOffset.UTC);
    }
}
