package io.tweestap.events.inbox;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tweestap.events.CloudEventHeaders;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventJson;
import io.tweestap.events.EventStreamMeters;
import io.tweestap.events.EventStreamMeters.Outcome;
import io.tweestap.events.EventType;
import io.tweestap.events.MalformedEventException;
import io.tweestap.events.OwnContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
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
        Optional<InboundEvent> decoded;
        try {
            decoded = decode(message);
        } catch (MalformedEventException e) {
            LOG.warnf("%s parks a malformed record on the dead-letter topic: %s", consumer, e.getMessage());
            meters.consumed(consumer, ceType(message), Outcome.DEAD_LETTERED);
            return Uni.createFrom().completionStage(() -> message.nack(e));
        }
        if (decoded.isEmpty()) {
            meters.consumed(consumer, ceType(message), Outcome.UNKNOWN_TYPE);
            return Uni.createFrom().completionStage(message::ack);
        }
        InboundEvent event = decoded.get();
        String ceType = event.type().ceType();
        if (!ofInterest.test(event)) {
            meters.consumed(consumer, ceType, Outcome.NOT_OF_INTEREST);
            return Uni.createFrom().completionStage(message::ack);
        }
        return applyUntilSettled(consumer, event, handler, new RetrySchedule())
                .onItemOrFailure().transformToUni((outcome, failure) -> {
                    if (failure == null) {
                        meters.consumed(consumer, ceType, outcome);
                        return Uni.createFrom().completionStage(message::ack);
                    }
                    LOG.errorf("%s could not apply %s %s; parking it on the dead-letter topic: %s",
                            consumer, ceType, event.id(), failure.toString());
                    meters.consumed(consumer, ceType, Outcome.DEAD_LETTERED);
                    return Uni.createFrom().completionStage(() -> message.nack(failure));
                });
    }

    /**
     * Applies the event until it is applied, found a duplicate, or fails in a way the schedule gives up
     * on. The next try starts only after the wait, on a fresh context and transaction.
     */
    private Uni<Outcome> applyUntilSettled(String consumer, InboundEvent event,
            Function<InboundEvent, Uni<Void>> handler, RetrySchedule schedule) {
        return applyOnce(consumer, event, handler).onFailure().recoverWithUni(failure -> {
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
                    .chain(() -> applyUntilSettled(consumer, event, handler, schedule));
        });
    }

    private Uni<Outcome> applyOnce(String consumer, InboundEvent event, Function<InboundEvent, Uni<Void>> handler) {
        return ownContext.run(() -> Panache.withTransaction(() -> firstDelivery(consumer, event)
                .chain(first -> first
                        ? handler.apply(event).replaceWith(Outcome.APPLIED)
                        : Uni.createFrom().item(Outcome.DUPLICATE))));
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
