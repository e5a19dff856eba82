package io.tweestap.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a topic of the test broker from the beginning, without a consumer group, and keeps
 * everything it has seen, so a test can wait for a record and then look at what came before it.
 */
public final class TopicRecords implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    private TopicRecords(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public static TopicRecords of(String topic) {
        return new TopicRecords(topic);
    }

    /** Waits until a record matching the predicate has been read, or fails after the timeout. */
    public ConsumerRecord<String, String> await(Predicate<ConsumerRecord<String, String>> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<ConsumerRecord<String, String>> found = seen.stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No matching record within " + timeout + "; read " + seen.size() + " records");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    public ConsumerRecord<String, String> awaitSubject(String ceSubject, Duration timeout) {
        return await(record -> ceSubject.equals(header(record, "ce_subject")), timeout);
    }

    /** Everything read so far, in the order the partitions delivered it. */
    public List<ConsumerRecord<String, String>> seen() {
        return List.copyOf(seen);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
