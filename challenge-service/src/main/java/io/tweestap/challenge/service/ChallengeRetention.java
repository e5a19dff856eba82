package io.tweestap.challenge.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.config.ChallengeSettings;
import io.tweestap.events.BatchedDeletion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Deletes challenges long after their decision and device nonces past their replay window, so
 * neither table grows without end (decision 0049). Every instance runs it: each batch is one
 * short transaction over rows claimed with SKIP LOCKED, so instances share the work and deleting
 * a row twice is impossible. The abuse rules do not read purged rows: the fraud block and the
 * pushes since the last success live on the user's guard row, and the push-limit window is far
 * shorter than the retention age (checked at start).
 */
@ApplicationScoped
public class ChallengeRetention {

    /** Batches per run, so one run cannot hold the scheduler thread for long; the next run goes on. */
    static final int MAX_BATCHES_PER_RUN = 20;

    @Inject
    ChallengeSettings settings;

    @Inject
    Clock clock;

    void checkAges(@Observes StartupEvent start) {
        if (settings.retention().decidedChallenges().compareTo(settings.pushLimitWindow().plus(settings.maxExpiry())) <= 0) {
            throw new IllegalStateException("tweestap.challenge.retention.decided-challenges must be longer than the push-limit"
                    + " window plus the longest expiry, or the push limit would miss purged pushes");
        }
    }

    @Scheduled(every = "${tweestap.challenge.retention.every}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purge() {
        Instant now = clock.instant();
        return purgeDecidedChallenges(now.minus(settings.retention().decidedChallenges()))
                .chain(() -> purgeExpiredNonces(now))
                .replaceWithVoid();
    }

    /** @return the number of challenges deleted, decided before {@code cutoff}; pending ones are never touched */
    public Uni<Integer> purgeDecidedChallenges(Instant cutoff) {
        return inBatches("""
                DELETE FROM push_challenge WHERE id IN (
                    SELECT id FROM push_challenge WHERE status <> 'PENDING' AND decided_at < :cutoff
                    ORDER BY decided_at LIMIT :batch FOR UPDATE SKIP LOCKED)""", cutoff);
    }

    /**
     * Nonces past their expiry can never be replayed (the request timestamp would be refused first) —
     * by the clock of the instance that checks it, which may run behind this one's: so a nonce goes
     * only {@link #NONCE_PURGE_MARGIN} after its expiry, never while another instance could still
     * take its timestamp as fresh.
     */
    public Uni<Integer> purgeExpiredNonces(Instant now) {
        return inBatches("""
                DELETE FROM device_nonce WHERE (device_id, nonce) IN (
                    SELECT device_id, nonce FROM device_nonce WHERE expires_at < :cutoff
                    LIMIT :batch FOR UPDATE SKIP LOCKED)""", now.minus(NONCE_PURGE_MARGIN));
    }

    /** How long past its expiry a nonce is still kept: more than any clock offset between instances. */
    static final Duration NONCE_PURGE_MARGIN = Duration.ofMinutes(5);

    private Uni<Integer> inBatches(String delete, Instant cutoff) {
        return BatchedDeletion.ofNativeDelete(delete, Map.of("cutoff", cutoff), settings.retention().batchSize(),
                MAX_BATCHES_PER_RUN).map(Long::intValue);
    }
}
