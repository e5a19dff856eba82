package io.tweestap.testkit;

import io.tweestap.events.CloudEventHeaders;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventJson;
import io.tweestap.events.EventType;
import io.tweestap.events.TweestapEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts records on the test broker as another service's outbox relay would (CloudEvents binary
 * mode), or deliberately malformed ones.
 */
public final class EventPublisher implements AutoCloseable {

    private final KafkaProducer<String, String> producer;
    /** The sends {@link #together()} holds until {@link #flush()}; null for a publisher that waits for each. */
    private final List<Future<RecordMetadata>> held;

    public EventPublisher() {
        this(Map.of(), null);
    }

    private EventPublisher(Map<String, Object> extra, List<Future<RecordMetadata>> held) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.ACKS_CONFIG, "all"));
        config.putAll(extra);
        this.producer = new KafkaProducer<>(config);
        this.held = held;
    }

    /**
     * A publisher whose records leave only at {@link #flush()}, as one batch per partition. The broker
     * appends a batch whole, so a consumer's poll gets all of a partition's records or none of them:
     * what a consumer that fell behind under load is handed.
     */
    public static EventPublisher together() {
        return new EventPublisher(Map.of(ProducerConfig.LINGER_MS_CONFIG, 600_000, ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20),
                new ArrayList<>());
    }

    /** Sends what {@link #together()} held, and waits until the broker has all of it. */
    public void flush() {
        producer.flush();
        for (Future<RecordMetadata> sent : held) {
            awaitSent(sent);
        }
        held.clear();
    }

    public void publish(TweestapEvent event, String ceId, String subject) {
        EventType<TweestapEvent> type = EventCatalogue.typeOf(event);
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic().topicName(), event.recordKey(), EventJson.write(event));
        header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(record, CloudEventHeaders.ID, ceId);
        header(record, CloudEventHeaders.TYPE, type.ceType());
        header(record, CloudEventHeaders.SOURCE, type.topic().source().toString());
        header(record, CloudEventHeaders.SUBJECT, subject);
        header(record, CloudEventHeaders.TIME, event.occurredAt().toString());
        header(record, CloudEventHeaders.CONTENT_TYPE, "application/json");
        send(record);
    }

    /** A record with whatever value and CloudEvents type the test wants, e.g. broken JSON. */
    public void publishRaw(String topic, String key, String ceId, String ceType, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        if (ceId != null) {
            header(record, CloudEventHeaders.ID, ceId);
        }
        if (ceType != null) {
            header(record, CloudEventHeaders.TYPE, ceType);
        }
        send(record);
    }

    private void send(ProducerRecord<String, String> record) {
        Future<RecordMetadata> sent = producer.send(record);
        if (held != null) {
            held.add(sent);
        } else {
            awaitSent(sent);
        }
    }

    private static void awaitSent(Future<RecordMetadata> sent) {
        try {
            sent.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not publish", e.getCause());
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
