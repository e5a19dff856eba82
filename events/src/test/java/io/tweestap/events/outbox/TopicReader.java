package io.tweestap.events.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Everything on the test topic from its beginning, as the open event stream shows it to operations. */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    TopicReader(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(OutboxDatabase.TOPIC).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what has arrived since the last call; true once every one of {@code ids} has been seen. */
    boolean hasSeen(Collection<UUID> ids) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return ids.stream().allMatch(id -> seen.stream().anyMatch(record -> id.toString().equals(ceId(record))));
    }

    /**
     * The records of {@code ids} among everything on the topic now, in the order their partitions
     * hold them, duplicates included.
     */
    List<ConsumerRecord<String, String>> recordsOf(Collection<UUID> ids) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        List<String> wanted = ids.stream().map(UUID::toString).toList();
        return seen.stream().filter(record -> wanted.contains(ceId(record))).toList();
    }

    static String ceId(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader("ce_id");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
