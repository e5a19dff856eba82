package io.tweestap.events.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tweestap.events.CloudEventHeaders;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventJson;
import io.tweestap.events.EventStreamMeters;
import io.tweestap.events.EventStreamMeters.Outcome;
import io.tweestap.events.EventType;
import io.tweestap.events.MalformedEventException;
import io.tweestap.events.OwnContext;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
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
 * decision 0127); the rules above are the same for both.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    /** Transient failures of one record are logged at WARN on the first try and every this many after. */
    private static final int WARN_EVERY = 10;

    /** A context of its own per record, so records never share a Hibernate Reactive session. */
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
        return applyOrPark(consumer, message, admission.event(), inSession(consumer, handler))
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
        return consumeBatch(consumer, batch, ofInterest, inSession(consumer, handler));
    }

    /**
     * {@link #consumeBatch(String, KafkaRecordBatch, Predicate, Function)} on the plain reactive client:
     * each transaction is one of {@code pool}'s, its events' inbox rows are written by one statement,
     * and {@code handler} gets the transaction's connection with each event applied for the first time.
     */
    public Uni<Void> consumeBatch(String consumer, KafkaRecordBatch<String, String> batch, Predicate<InboundEvent> ofInterest,
            Pool pool, BiFunction<SqlConnection, InboundEvent, Uni<Void>> handler) {
        return consumeBatch(consumer, batch, ofInterest, onConnection(pool, consumer, handler));
    }

    private Uni<Void> consumeBatch(String consumer, KafkaRecordBatch<String, String> batch, Predicate<InboundEvent> ofInterest,
            Transaction transaction) {
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
     * Applies events in one transaction, each with its inbox row and, on its first delivery, its
     * handler's effects; emits each event's outcome, in their order. The transaction is all or nothing.
     */
    @FunctionalInterface
    private interface Transaction {
        Uni<List<Outcome>> apply(List<InboundEvent> events);
    }

    /** In a Hibernate Reactive session, on a context of its own. */
    private Transaction inSession(String consumer, Function<InboundEvent, Uni<Void>> handler) {
        return events -> ownContext.run(() -> Panache.withTransaction(() -> Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> firstDelivery(consumer, event).chain(first -> first
                        ? handler.apply(event).replaceWith(Outcome.APPLIED)
                        : Uni.createFrom().item(Outcome.DUPLICATE)))
                .collect().asList()));
    }

    /**
     * On a connection of {@code pool}: the inbox rows of all the events in one statement, which returns
     * the ids it inserted, then the handler for each of those, once, in the events' order.
     */
    private Transaction onConnection(Pool pool, String consumer, BiFunction<SqlConnection, InboundEvent, Uni<Void>> handler) {
        return events -> pool.withTransaction(connection -> connection.preparedQuery("""
                        INSERT INTO inbox (consumer, event_id, event_type)
                        SELECT $1, e.id, e.type FROM unnest($2::text[], $3::text[]) AS e(id, type)
                        ON CONFLICT DO NOTHING RETURNING event_id""")
                .execute(Tuple.of(consumer,
                        events.stream().map(InboundEvent::id).toArray(String[]::new),
                        events.stream().map(event -> event.type().ceType()).toArray(String[]::new)))
                .chain(inserted -> {
                    Set<String> first = new HashSet<>();
                    inserted.forEach(row -> first.add(row.getString(0)));
                    // An id twice in one poll (a relay's retry) is inserted once and applied once.
                    return Multi.createFrom().iterable(events)
                            .onItem().transformToUniAndConcatenate(event -> first.remove(event.id())
                                    ? handler.apply(connection, event).replaceWith(Outcome.APPLIED)
                                    : Uni.createFrom().item(Outcome.DUPLICATE))
                            .collect().asList();
                }));
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
            decoded = decode(message);
        } catch (MalformedEventException e) {
            LOG.warnf("%s parks a malformed record on the dead-letter topic: %s", consumer, e.getMessage());
            meters.consumed(consumer, ceType(message), Outcome.DEAD_LETTERED);
            return new Admission(null, e);
        }
        if (decoded.isEmpty()) {
            meters.consumed(consumer, ceType(message), Outcome.UNKNOWN_TYPE);
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
    private Uni<Boolean> applyOrPark(String consumer, Message<String> message, InboundEvent event, Transaction transaction) {
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
            Transaction transaction) {
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
    private Uni<Outcome> applyUntilSettled(String consumer, InboundEvent event, Transaction transaction,
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

    /** The ce_type a record claims, for counting records that could not be decoded; null if none. */
    private static String ceType(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> header(metadata.getHeaders(), CloudEventHeaders.TYPE))
                .orElse(null);
    }

    private Uni<Boolean> firstDelivery(String consumer, InboundEvent event) {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("INSERT INTO inbox (consumer, event_id, event_type) VALUES (:consumer, :id, :type)"
                        + " ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("id", event.id())
                .setParameter("type", event.type().ceType())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    static Optional<InboundEvent> decode(Message<String> message) {
        Headers headers = message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders)
                .orElseThrow(() -> new MalformedEventException("Not a Kafka record"));
        String id = header(headers, CloudEventHeaders.ID);
        String ceType = header(headers, CloudEventHeaders.TYPE);
        if (id == null || ceType == null) {
            throw new MalformedEventException("Record lacks the ce_id or ce_type header");
        }
        Optional<EventType<?>> type = EventCatalogue.byCeType(ceType);
        if (type.isEmpty() && knownInAnotherVersion(ceType)) {
            // e.g. DeviceRemoved.v2 before this consumer knows it: skipping it would lose a removal;
            // parked, it can be replayed once the consumer understands it.
            throw new MalformedEventException("Event " + id + " has type " + ceType + ", a version this consumer does not know");
        }
        if (type.isEmpty()) {
            LOG.infof("Skipping event %s of unknown type %s", id, ceType);
            return Optional.empty();
        }
        if (message.getPayload() == null) {
            throw new MalformedEventException("Event " + id + " has no data");
        }
        return Optional.of(new InboundEvent(id, type.get(), header(headers, CloudEventHeaders.SUBJECT),
                EventJson.read(message.getPayload(), type.get().payloadClass())));
    }

    private static boolean knownInAnotherVersion(String ceType) {
        String name = withoutVersion(ceType);
        return EventCatalogue.ALL.stream().anyMatch(known -> withoutVersion(known.ceType()).equals(name));
    }

    private static String withoutVersion(String ceType) {
        return ceType.replaceFirst("\\.v[0-9]+$", "");
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
