package io.tweestap.e2e.load;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the broker takes at most: one producer with {@code acks=all} (as the services' outbox relays
 * publish) sends records of an event's size to a scratch topic as fast as the broker acknowledges
 * them, for a fixed time; the answer is acknowledged records per second. The topic is deleted after.
 */
public final class KafkaProducerCeiling {

    /** Acknowledged records per second, of {@code recordBytes} each, and any send that failed. */
    public record Result(double recordsPerSecond, int recordBytes, long failed) {
    }

    private final Map<String, Object> client;

    /** @param client bootstrap and login of a user who may create, write and delete topics */
    public KafkaProducerCeiling(Map<String, Object> client) {
        this.client = client;
    }

    public Result measure(Duration length, int recordBytes) {
        String topic = "load-ceiling-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(60, TimeUnit.SECONDS);
            try {
                return produce(topic, length, recordBytes);
            } finally {
                admin.deleteTopics(List.of(topic)).all().get(60, TimeUnit.SECONDS);
            }
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Kafka ceiling: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Result produce(String topic, Duration length, int recordBytes) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        byte[] value = new byte[recordBytes];
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            // keys like the services' (tenant:user), so records spread over the partitions as events do
            for (long n = 0; System.nanoTime() < end; n++) {
                producer.send(new ProducerRecord<>(topic, "ceiling:person-" + (n % 1000), value), (metadata, error) -> {
                    (error == null ? acknowledged : failed).incrementAndGet();
                });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(acknowledged.get() / seconds, recordBytes, failed.get());
    }
}
