package io.tweestap.sms.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.ScheduledRun;
import io.tweestap.events.outbox.Outbox;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.sms.domain.SendStates;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jboss.logging.Logger;

/**
 * Settles sends left {@code PENDING} by a crash between the Vonage call and the transaction that
 * records its answer. Vonage SMS offers no lookup by client reference, so whether such a send went
 * out cannot be found out: it becomes {@code UNCONFIRMED}, operations get {@code SmsDeliveryFailed}
 * with reason {@value #REASON}, and a delivery receipt or call event that still arrives settles it
 * for good. The user is never held longer than the resend cooldown (decision 0043).
 */
@ApplicationScoped
public class PendingSendSweeper {

    static final String REASON = "send-unconfirmed";

    private static final Logger LOG = Logger.getLogger(PendingSendSweeper.class);

    /** Bounds one transaction; what is left waits for the next run. */
    private static final int BATCH = 100;

    /** What no answer does to a PENDING send (SendStates): the sweep below is its set-wise form, reported each. */
    private static final SendStates.Step UNANSWERED = SendStates.after(CodeSend.Status.PENDING, SendStates.Answer.NO_ANSWER);

    private static final String SWEEP = """
            UPDATE code_send SET status = '%s', failure_reason = :reason
            WHERE id IN (SELECT id FROM code_send WHERE status = '%s' AND sent_at < :cutoff
                         ORDER BY sent_at LIMIT :batch FOR UPDATE SKIP LOCKED)
            RETURNING id, tenant_id, user_id, verification_id, masked_number, channel"""
            .formatted(UNANSWERED.next(), CodeSend.Status.PENDING);

    @Inject
    SmsSettings settings;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    // A Uni-returning scheduled method runs on its own duplicated Vert.x context, where Hibernate
    // Reactive may open its session; before start-up the outbox's Kafka channel is not wired yet.
    @Scheduled(every = "${tweestap.sms.sweep-interval:PT30S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweepOnSchedule() {
        return ScheduledRun.logged(LOG, "Sweeping pending sends", sweep());
    }

    /** @return how many sends were settled */
    public Uni<Integer> sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant cutoff = now.minus(settings.unconfirmedAfter());
        // SKIP LOCKED: a row locked by the transaction recording its answer right now is not stuck,
        // and several instances may sweep at once without waiting for each other.
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(SWEEP, Object[].class)
                        .setParameter("reason", REASON)
                        .setParameter("cutoff", cutoff)
                        .setParameter("batch", BATCH)
                        .getResultList())
                .chain(rows -> {
                    Uni<Void> chain = Uni.createFrom().voidItem();
                    for (Object[] row : rows) {
                        String sendId = row[0].toString();
                        String tenantId = (String) row[1];
                        String userId = (String) row[2];
                        String verificationId = row[3].toString();
                        String maskedNumber = (String) row[4];
                        String channel = (String) row[5];
                        LOG.warnf("Send %s to %s: Vonage's answer was never recorded; marked unconfirmed",
                                sendId, maskedNumber);
                        chain = chain.chain(() -> outbox.add(new SmsDeliveryFailed(tenantId, userId, now,
                                verificationId, maskedNumber, REASON, channel)).replaceWithVoid());
                    }
                    return chain.replaceWith(rows.size());
                }));
    }
}
