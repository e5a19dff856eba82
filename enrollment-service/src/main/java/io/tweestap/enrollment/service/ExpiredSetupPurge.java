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
 * Deletes setup data nobody can use any more, so that no table of this service grows for ever:
 * wizard sessions, enrollment links and activation codes a grace period after they expired
 * (decision 0036), enrollments long after their last change, phone verifications the person
 * never finished, and devices whose test push was never approved ({@link AbandonedDevices}; decision 0071). The grace period keeps the page's "this link has expired / was
 * already used" answers right for a day instead of turning them into "not valid" the minute they
 * expire. Verified devices and phones and registration status are what a user has and are never
 * touched here.
 */
@ApplicationScoped
public class ExpiredSetupPurge {

    private static final Logger LOG = Logger.getLogger(ExpiredSetupPurge.class);

    // Every statement deletes at most :batch rows that no other transaction holds (SKIP LOCKED), so
    // instances running at once share the work instead of waiting on each other, and a row a request
    // is using right now is left for the next run.
    private static final String SESSIONS = "DELETE FROM wizard_session WHERE token_hash IN (SELECT token_hash"
            + " FROM wizard_session WHERE expires_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)";
    private static final String LINKS = "DELETE FROM enrollment_link WHERE token_hash IN (SELECT token_hash"
            + " FROM enrollment_link WHERE expires_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)";
    // A used code names the device a live session is testing; it goes with that session.
    private static final String CODES = "DELETE FROM activation_code WHERE id IN (SELECT c.id FROM activation_code c"
            + " WHERE c.expires_at < :cutoff AND NOT EXISTS (SELECT 1 FROM wizard_session s WHERE s.activation_id = c.id)"
            + " LIMIT :batch FOR UPDATE SKIP LOCKED)";
    // Its links, sessions and codes go with it (ON DELETE CASCADE); devices and phones only name it.
    private static final String ENROLLMENTS = "DELETE FROM enrollment WHERE id IN (SELECT e.id FROM enrollment e"
            + " WHERE coalesce(e.completed_at, e.created_at) < :cutoff"
            + " AND NOT EXISTS (SELECT 1 FROM enrollment_link l WHERE l.enrollment_id = e.id AND l.expires_at >= :cutoff)"
            + " AND NOT EXISTS (SELECT 1 FROM wizard_session s WHERE s.enrollment_id = e.id AND s.expires_at >= :cutoff)"
            + " LIMIT :batch FOR UPDATE OF e SKIP LOCKED)";
    // Methods page links and their page sessions (decision 0090), once both the link and the session ran out.
    private static final String METHODS_PAGES = "DELETE FROM methods_page_link WHERE link_hash IN (SELECT link_hash"
            + " FROM methods_page_link WHERE greatest(expires_at, coalesce(session_expires_at, expires_at)) < :cutoff"
            + " LIMIT :batch FOR UPDATE SKIP LOCKED)";
    // Moves to a new phone (decision 0094) that ended as long ago as an enrollment is kept; an open move is never due.
    private static final String MOVES = "DELETE FROM device_move WHERE id IN (SELECT id FROM device_move"
            + " WHERE ended_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)";
    private static final String PENDING_PHONES = "DELETE FROM phone_method WHERE id IN (SELECT id FROM phone_method"
            + " WHERE status = 'PENDING' AND requested_at < :cutoff LIMIT :batch FOR UPDATE SKIP LOCKED)";

    /** How many rows of each kind one run deleted. */
    public record Purged(long sessions, long links, long activationCodes, long enrollments, long pendingPhones,
            long unverifiedDevices) {

        long total() {
            return sessions + links + activationCodes + enrollments + pendingPhones + unverifiedDevices;
        }

        String report() {
            return total() == 0 ? null : String.format("Purged setup data: %d wizard sessions, %d enrollment links,"
                    + " %d activation codes, %d enrollments, %d pending phones, %d never verified devices", sessions, links,
                    activationCodes, enrollments, pendingPhones, unverifiedDevices);
        }
    }

    @Inject
    Clock clock;

    @Inject
    EnrollmentSettings settings;

    @Inject
    AbandonedDevices abandonedDevices;

    /** The scheduler calls from its own thread, where Hibernate Reactive has no session to use. */
    @Inject
    OwnContext ownContext;

    // Every instance may run it: the deletes are idempotent and skip each other's rows, so no leader is needed.
    @Scheduled(identity = "enrollment-expired-setup-purge", every = "${tweestap.enrollment.purge.every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> onSchedule() {
        return PurgeRun.logged(LOG, "expired setup data", purge(Instant.now(clock)), Purged::report);
    }

    /** Deletes what is past its age at {@code now}; nothing still usable qualifies. */
    public Uni<Purged> purge(Instant now) {
        EnrollmentSettings.Purge ages = settings.purge();
        Instant expired = now.minus(ages.grace());
        // Sessions before codes: a code outlives the session that pointed at it by at most one run.
        return ownContext.run(() -> inBatches(SESSIONS, expired)
                .call(() -> inBatches(METHODS_PAGES, expired))
                .call(() -> inBatches(MOVES, now.minus(ages.enrollmentsAfter())))
                .chain(sessions -> inBatches(LINKS, expired)
                        .chain(links -> inBatches(CODES, expired)
                                .chain(codes -> inBatches(ENROLLMENTS, now.minus(ages.enrollmentsAfter()))
                                        .chain(enrollments -> inBatches(PENDING_PHONES, now.minus(ages.pendingPhonesAfter()))
                                                .chain(phones -> abandonedDevices.removeRegisteredBefore(
                                                                now.minus(ages.unverifiedDevicesAfter()), ages.batchSize())
                                                        .map(devices -> new Purged(sessions, links, codes, enrollments,
                                                                phones, devices))))))));
    }

    /** Repeats the delete, one transaction per batch, until a batch comes back short. */
    private Uni<Long> inBatches(String delete, Instant cutoff) {
        return BatchedDeletion.ofNativeDelete(delete, Map.of("cutoff", cutoff), settings.purge().batchSize(),
                BatchedDeletion.NO_LIMIT);
    }
}
