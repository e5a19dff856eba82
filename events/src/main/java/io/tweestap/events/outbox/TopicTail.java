package io.tweestap.events.outbox;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The event ids ({@code ce_id}) of the last records of each partition of a topic: what a relay
 * that takes over, or retries after a failed batch, checks its outbox against so that it does not
 * publish again what its predecessor sent but could not delete (decision 0076).
 *
 * <p>A plain consumer without a group ({@code assign}), so reading moves no offsets and needs only
 * READ on the service's own topic; {@code read_committed}, so it sees what the broker committed to
 * every in-sync replica and nothing a reader of the topic could not see. The connection and
 * security settings are Quarkus's default {@code kafka.*} ones, the same the channels use.
 */
@ApplicationScoped
public class TopicTail {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    /** Blocking: call it off the event loop. Fails if the broker cannot answer within {@link #TIMEOUT}. */
    Set<String> eventIds(Collection<String> topics, int recordsPerPartition) {
        // A timeout, so measured on the monotonic clock: a wall-clock step cannot stretch or cut it.
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                for (PartitionInfo info : consumer.partitionsFor(topic, TIMEOUT)) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> unread = new HashMap<>();
            Map<TopicPartition, Long> from = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long end = ends.get(partition);
                long first = Math.max(starts.get(partition), end - recordsPerPartition);
                if (first < end) {
                    unread.put(partition, end);
                    from.put(partition, first);
                }
            }
            consumer.assign(unread.keySet());
            from.forEach(consumer::seek);
            Set<String> ids = new HashSet<>();
            while (!unread.isEmpty()) {
                Duration left = Duration.ofNanos(deadline - System.nanoTime());
                if (left.isNegative()) {
                    throw new IllegalStateException("Reading the tail of " + topics + " took longer than " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(left)) {
                    Header id = record.headers().lastHeader("ce_id");
                    if (id != null) {
                        ids.add(new String(id.value(), StandardCharsets.UTF_8));
                    }
                }
                unread.entrySet().removeIf(entry -> consumer.position(entry.getKey(), TIMEOUT) >= entry.getValue());
            }
            return ids;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>();
        Set<String> consumerSettings = ConsumerConfig.configNames();
        // Quarkus adds group.id (the application's name) to the defaults; a group would need its own ACL.
        kafka.forEach((name, value) -> {
            if (consumerSettings.contains(name) && !name.equals(ConsumerConfig.GROUP_ID_CONFIG)
                    && !name.equals(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)) {
                config.put(name, value);
            }
        });
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "tweestap-outbox-tail");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        return config;
    }
}
