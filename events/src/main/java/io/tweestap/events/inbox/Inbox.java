package io.tweestap.events.inbox;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.tweestap.events.EventStreamMeters;
import io.tweestap.events.EventStreamMeters.Outcome;
import io.tweestap.events.MalformedEventException;
import io.tweestap.events.OwnContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The idempotent-consumer side of the backbone. A handler's effects and the inbox row
 * {@code (consumer, event_id)} commit in one transaction, so an event delivered twice (a relay
 * crash, a rebalance) is applied once.
 *
 * <p>Failures (decision 0008): a record that cannot be decoded, whose type is known in another
 * version only, or that a handler rejects with {@link MalformedEventException}, is nacked at once
 * and the connector parks it on the dead-letter topic. A transient failure (the database or the
 * broker away: connection errors, timeouts, serialization failures, deadlocks, pool exhaustion) is
 * retried in place with back-off until it succeeds, however long that takes: the record is neither
 * acknowledged nor nacked meanwhile, so the partition's later records wait behind it and a user's
 * events keep their order. Anything else is retried a few times, then parked. Nothing is dropped
 * silently; an event type this build does not know at all is acknowledged and logged, because
 * producers add types additively.
 *
 * <p>A handler runs in a Hibernate Reactive session's transaction, or, given a {@link Pool}, on the
 * connection of a transaction of the plain reactive client (a hot path that keeps Hibernate out,
 * decision 0127); the rules above are the same for both ({@link InboxTransaction}). Reading a record
 * into an event is {@link InboundRecord}'s.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    /** Transient failures of one record are logged at WARN on the first try and every this many after. */
    private static final int WARN_EVERY = 10;

    /** Each Hibernate transaction on a context of its own, so records never share a session. */
    @Inject
    OwnContext ownContext;

    @Inject
    EventStreamMeters meters;

    public Uni<Void> consume(String consumer, Message<String> message, Function<InboundEvent, Uni<Void>> handler) {
        return consume(consumer, message, event -> true, handler);
    }

    /**
     * The same, for a consumer that reads a topic for a few of its events: an event {@code ofInterest}
     * rejects is acknowledged without a transaction or an inbox row. Its handler would change nothing,
     * so there is nothing a redelivery could apply twice, and a commit per such event is saved.
     */
    public Uni<Void> consume(String consumer, Message<String> message, Predicate<InboundEvent> ofInterest,
            Function<InboundEvent, Uni<Void>> handler) {
        Admission admission = admit(consumer, message, ofInterest);
        if (admission.failure() != null) {
            return Uni.createFrom().completionStage(() -> message.nack(admission.failure()));
        }
        if (admission.event() == null) {
            return Uni.createFrom().completionStage(message::ack);
        }
        return applyOrPark(consumer, message, admission.event(), InboxTransaction.inSession(ownContext, consumer, handler))
                .chain(applied -> applied ? Uni.createFrom().completionStage(message::ack) : Uni.createFrom().voidItem());
    }

    /**
     * The same for one poll's records, on a channel read in batches (decision 0118): the events to
     * apply are applied in the records' order in one transaction with their inbox rows. Under load a
     * poll holds many sign-ins' events, and they share one commit instead of taking one each; one at a
     * time a poll is a single record and nothing changes. If the shared transaction fails for any
     * reason, nothing of it stays, and the events are applied again one at a time in their order, each
     * with its own retries and its own way to the dead-letter topic, as {@link #consume} does: one bad
     * event never parks the others, and a database outage holds the records behind the first as before.
     *
     * <p>The poll is acknowledged as a whole once every record in it is settled. The connector tracks
     * only each partition's last record of a batch for its offset commits, so records are never
     * acknowledged one by one here; a parked record is nacked on its own, which is what sends it to
     * the dead-letter topic.
     */
    public Uni<Void> consumeBatch(String consumer, KafkaRecordBatch<String, String> batch, Predicate<InboundEvent> ofInterest,
            Function<InboundEvent, Uni<Void>> handler) {
        return consumeBatch(consumer, batch, ofInterest, InboxTransaction.inSession(ownContext, consumer, handler));
    }

    /**
     * {@link #consumeBatch(String, KafkaRecordBatch, Predicate, Function)} on the plain reactive client:
     * each transaction is one of {@code pool}'s, its events' inbox rows are written by one statement,
     * and {@code handler} gets the transaction's connection with each event applied for the first time.
     */
    public Uni<Void> consumeBatch(String consumer, KafkaRecordBatch<String, String> batch, Predicate<InboundEvent> ofInterest,
            Pool pool, BiFunction<SqlConnection, InboundEvent, Uni<Void>> handler) {
        return consumeBatch(consumer, batch, ofInterest, InboxTransaction.onConnection(pool, consumer, handler));
    }

    private Uni<Void> consumeBatch(String consumer, KafkaRecordBatch<String, String> batch, Predicate<InboundEvent> ofInterest,
            InboxTransaction transaction) {
        List<Message<String>> records = new ArrayList<>();
        List<InboundEvent> events = new ArrayList<>();
        Uni<Void> parked = Uni.createFrom().voidItem();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            Admission admission = admit(consumer, record, ofInterest);
            if (admission.event() != null) {
                records.add(record);
                events.add(admission.event());
            } else if (admission.failure() != null) {
                parked = parked.chain(() -> Uni.createFrom().completionStage(() -> record.nack(admission.failure())));
            }
        }
        // Malformed records are parked after the others are applied: a parked partition's last
        // record counts as processed for the offset commit, and nothing before it may still be open.
        Uni<Void> parkMalformed = parked;
        return applyTogether(consumer, records, events, transaction)
                .chain(() -> parkMalformed)
                .chain(() -> Uni.createFrom().completionStage(batch::ack));
    }

    /**
     * A record's event when it is to be applied. Otherwise no event: with the failure that parks a
     * malformed record, or with none for a record that is only to be acknowledged (a type this build
     * does not know, an event of no interest).
     */
    private record Admission(InboundEvent event, MalformedEventException failure) {
    }

    private Admission admit(String consumer, Message<String> message, Predicate<InboundEvent> ofInterest) {
        Optional<InboundEvent> decoded;
        try {
            decoded = InboundRecord.decode(message);
        } catch (MalformedEventException e) {
            LOG.warnf("%s parks a malformed record on the dead-letter topic: %s", consumer, e.getMessage());
            meters.consumed(consumer, InboundRecord.ceType(message), Outcome.DEAD_LETTERED);
            return new Admission(null, e);
        }
        if (decoded.isEmpty()) {
            meters.consumed(consumer, InboundRecord.ceType(message), Outcome.UNKNOWN_TYPE);
            return new Admission(null, null);
        }
        InboundEvent event = decoded.get();
        if (!ofInterest.test(event)) {
            meters.consumed(consumer, event.type().ceType(), Outcome.NOT_OF_INTEREST);
            return new Admission(null, null);
        }
        return new Admission(event, null);
    }

    /** Applies the event with its own retries and emits true, or parks its record when they give up and emits false. */
    private Uni<Boolean> applyOrPark(String consumer, Message<String> message, InboundEvent event, InboxTransaction transaction) {
        String ceType = event.type().ceType();
        return applyUntilSettled(consumer, event, transaction, new RetrySchedule())
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        meters.consumed(consumer, ceType, outcome);
                        return Uni.createFrom().item(true);
                    }
                    LOG.errorf("%s could not apply %s %s; parking it on the dead-letter topic: %s",
                            consumer, ceType, event.id(), failure.toString());
                    meters.consumed(consumer, ceType, Outcome.DEAD_LETTERED);
                    return Uni.createFrom().completionStage(() -> message.nack(failure)).replaceWith(false);
                });
    }

    private Uni<Void> applyTogether(String consumer, List<Message<String>> records, List<InboundEvent> events,
            InboxTransaction transaction) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (events.size() == 1) {
            return applyOrPark(consumer, records.get(0), events.get(0), transaction).replaceWithVoid();
        }
        return transaction.apply(events)
                .onItemOrFailure().transformToUni((outcomes, failure) -> {
                    if (failure == null) {
                        for (int i = 0; i < events.size(); i++) {
                            meters.consumed(consumer, events.get(i).type().ceType(), outcomes.get(i));
                        }
                        return Uni.createFrom().voidItem();
                    }
                    LOG.infof("%s applies %d events one at a time: their shared transaction failed: %s",
                            consumer, events.size(), failure.toString());
                    return Multi.createFrom().range(0, events.size())
                            .onItem().transformToUniAndConcatenate(i -> applyOrPark(consumer, records.get(i), events.get(i), transaction))
                            .collect().last().replaceWithVoid();
                });
    }

    /**
     * Applies the event until it is applied, found a duplicate, or fails in a way the schedule gives up
     * on. The next try starts only after the wait, on a fresh context and transaction.
     */
    private Uni<Outcome> applyUntilSettled(String consumer, InboundEvent event, InboxTransaction transaction,
            RetrySchedule schedule) {
        return transaction.apply(List.of(event)).map(outcomes -> outcomes.get(0)).onFailure().recoverWithUni(failure -> {
            FailureClass kind = FailureClass.of(failure);
            Optional<Duration> wait = schedule.after(kind);
            if (wait.isEmpty()) {
                return Uni.createFrom().failure(failure);
            }
            if (kind == FailureClass.TRANSIENT) {
                meters.retried(consumer);
                if (schedule.failures() % WARN_EVERY == 1) {
                    LOG.warnf("%s holds %s %s and the records behind it: %s (try %d failed; trying again until it works)",
                            consumer, event.type().ceType(), event.id(), failure.toString(), schedule.failures());
                }
            } else {
                LOG.warnf("%s failed to apply %s %s (try %d): %s", consumer, event.type().ceType(), event.id(),
                        schedule.failures(), failure.toString());
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait.get())
                    .chain(() -> applyUntilSettled(consumer, event, transaction, schedule));
        });
    }
}
