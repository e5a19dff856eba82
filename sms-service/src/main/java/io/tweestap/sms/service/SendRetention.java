package io.tweestap.sms.service;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.BatchedDeletion;
import io.tweestap.events.PurgeRun;
import io.tweestap.sms.config.SmsSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes what grows with every send: sends older than {@code retention.code-sends}, then
 * verifications whose last code expired more than {@code retention.verifications} ago and that have
 * no send left, then phones never verified, as old, with no verification left. In batches of
 * {@value #BATCH}, each its own short transaction; {@code FOR UPDATE SKIP LOCKED} lets every instance
 * run it at once without waiting for another, and a row a request holds right now waits for the next
 * run. Decision 0025 (retention).
 */
@ApplicationScoped
public class SendRetention {

    private static final Logger LOG = Logger.getLogger(SendRetention.class);

    static final int BATCH = 500;

    private static final String SENDS = """
            DELETE FROM code_send WHERE id IN (
                SELECT id FROM code_send WHERE sent_at < :cutoff ORDER BY sent_at LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    private static final String VERIFICATIONS = """
            DELETE FROM phone_verification WHERE id IN (
                SELECT v.id FROM phone_verification v WHERE v.expires_at < :cutoff
                AND NOT EXISTS (SELECT 1 FROM code_send s WHERE s.verification_id = v.id)
                LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    private static final String PHONES = """
            DELETE FROM phone WHERE id IN (
                SELECT p.id FROM phone p WHERE p.verified_at IS NULL AND p.created_at < :cutoff
                AND NOT EXISTS (SELECT 1 FROM phone_verification v WHERE v.phone_id = p.id)
                LIMIT :batch FOR UPDATE SKIP LOCKED)""";

    @Inject
    SmsSettings settings;

    @Inject
    Clock clock;

    @Scheduled(every = "${tweestap.sms.retention.interval:PT1H}", delayed = "PT1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> purgeOnSchedule() {
        return PurgeRun.logged(LOG, "old sends", purge(), deleted -> deleted == 0 ? null
                : String.format("Retention: %d old sends, verifications and unverified phones deleted", deleted));
    }

    /** @return how many rows were deleted */
    public Uni<Integer> purge() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant sends = now.minus(settings.retention().codeSends());
        Instant verifications = now.minus(settings.retention().verifications());
        return inBatches(SENDS, sends)
                .chain(deleted -> inBatches(VERIFICATIONS, verifications).map(more -> deleted + more))
                .chain(deleted -> inBatches(PHONES, verifications).map(more -> deleted + more))
                .map(Long::intValue);
    }

    private Uni<Long> inBatches(String delete, Instant cutoff) {
        return BatchedDeletion.ofNativeDelete(delete, Map.of("cutoff", cutoff), BATCH, BatchedDeletion.NO_LIMIT);
    }

    /** Sends younger than the longest limit window are what the limits count: never delete those. */
    void checkAges(@Observes StartupEvent start) {
        Duration longest = settings.regionWindow().compareTo(Duration.ofDays(1)) > 0
                ? settings.regionWindow() : Duration.ofDays(1);
        if (settings.retention().codeSends().compareTo(longest) < 0) {
            throw new IllegalStateException("tweestap.sms.retention.code-sends must be at least " + longest
                    + " (the longest send limit window), not " + settings.retention().codeSends());
        }
    }
}
