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
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The idempotent-consumer side of the backbone. A handler's effects and the inbox row
 * {@code (consumer, event_id)} commit in one transaction, so an event delivered twice (a relay
 * crash, a rebalance) is applied once.
 *
 * <p>Failures: a record that cannot be decoded, or that a handler rejects with
 * {@link MalformedEventException}, is nacked at once and the connector parks it on the
 * dead-letter topic. Anything else is retried with back-off in place (keeping the user's order)
 * and parked only when the retries run out. Nothing is dropped silently; an event type this
 * build does not know is acknowledged and logged, because producers add types additively.
 */
@ApplicationScoped
public class Inbox {

    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final int ATTEMPTS = 6;

    /** A context of its own per record, so records never share a Hibernate Reactive session. */
    @Inject
    OwnContext ownContext;

    @Inject
    EventStreamMeters meters;

    public Uni<Void> consume(String consumer, Message<String> message, Function<InboundEvent, Uni<Void>> handler) {
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
        return ownContext.run(() -> Panache.withTransaction(() -> firstDelivery(consumer, event)
                        .chain(first -> first
                                ? handler.apply(event).replaceWith(Outcome.APPLIED)
                                : Uni.createFrom().item(Outcome.DUPLICATE))))
                .onFailure(failure -> !(failure instanceof MalformedEventException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(ATTEMPTS - 1)
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

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
