package io.tweestap.events.inbox;

import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tweestap.events.CloudEventHeaders;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventJson;
import io.tweestap.events.EventType;
import io.tweestap.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** A consumed Kafka record read as a CloudEvent of the catalogue: its headers and its JSON data. */
final class InboundRecord {

    private static final Logger LOG = Logger.getLogger(InboundRecord.class);

    private InboundRecord() {
    }

    /**
     * The record's event; empty for a type this build does not know at all (producers add types
     * additively). Throws {@link MalformedEventException} for a record that can never be applied: no
     * id or type, no data, data that does not read, or a known type in a version this build lacks.
     */
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

    /** The ce_type a record claims, for counting records that could not be decoded; null if none. */
    static String ceType(Message<String> message) {
        return message.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> header(metadata.getHeaders(), CloudEventHeaders.TYPE))
                .orElse(null);
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
