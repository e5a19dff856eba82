package io.tweestap.notification.delivery;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.BatchedDeletion;
import io.tweestap.events.PurgeRun;
import io.tweestap.notification.config.NotificationSettings;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Deletes push rows that have been expired for longer than {@code retention.pushes} (decision
 * 0015), so the table does not grow without end. Only rows nothing needs any more go: every stream
 * write, provider claim, lease take-over and re-send is for a row that has not expired, and a
 * challenge push that expired undelivered is kept until the sweep has reported it. Batched deletes
 * of rows locked with SKIP LOCKED, so every instance may run it at once and none waits on a claim.
 */
@ApplicationScoped
public class PushRetention {

    private static final Logger LOG = Logger.getLogger(PushRetention.class);

    @Inject
    Pool pool;

    @Inject
    NotificationSettings settings;

    @Scheduled(every = "${tweestap.notification.retention.interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> scheduled() {
        Duration age = settings.retention().pushes();
        return PurgeRun.logged(LOG, "expired push rows", purge(age, settings.retention().batchSize()), deleted -> deleted == 0
                ? null : String.format("Deleted %d push rows expired more than %s ago", deleted, age));
    }

    /** Deletes, batch by batch, every row expired longer than {@code age} ago; @return how many. */
    public Uni<Long> purge(Duration age, int batchSize) {
        return BatchedDeletion.repeat(batchSize, BatchedDeletion.NO_LIMIT, () -> deleteBatch(age, batchSize));
    }

    private Uni<Integer> deleteBatch(Duration age, int batchSize) {
        return pool.preparedQuery("DELETE FROM push WHERE id IN ("
                        + " SELECT id FROM push WHERE expires_at < now() - make_interval(secs => $1)"
                        // Still to be reported as expired-undelivered by the sweep: kept until it is.
                        + " AND NOT (kind = 'challenge' AND delivered_at IS NULL AND expiry_reported_at IS NULL AND closed_at IS NULL)"
                        + " ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(age.toMillis() / 1000.0, batchSize))
                .map(result -> result.rowCount());
    }
}
