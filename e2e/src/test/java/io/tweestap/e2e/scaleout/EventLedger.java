package io.tweestap.e2e.scaleout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event on Tweestap's topics, read from the beginning as an operations dashboard reads them
 * (committed records only), so a test can count them against what the services did: each event
 * once, each user's events in order.
 */
final class EventLedger {

    static final List<String> TOPICS = List.of("mfa.enrollment.events.v1", "mfa.challenge.events.v1",
            "mfa.notification.events.v1", "mfa.sms.events.v1");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record: where it sits and what it says; {@code type} is the event's name without source and version. */
    record Event(String topic, int partition, long offset, String id, String type, JsonNode data) {

        String field(String name) {
            JsonNode value = data.get(name);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    private final List<Event> events;

    private EventLedger(List<Event> events) {
        this.events = events;
    }

    /** Reads each topic to its current end. */
    static EventLedger read(Map<String, Object> operationsClient) {
        Map<String, Object> settings = new HashMap<>(operationsClient);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        List<Event> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30))
                        .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read the topics to their end within 120 s");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(new Event(record.topic(), record.partition(), record.offset(), header(record, "ce_id"),
                            eventName(header(record, "ce_type")), parse(record.value())));
                }
            }
        }
        return new EventLedger(events);
    }

    List<Event> all() {
        return events;
    }

    List<Event> ofTenant(String tenantId) {
        return events.stream().filter(e -> tenantId.equals(e.field("tenantId"))).toList();
    }

    /** Event ids that appear more than once, with how often. */
    Map<String, Long> duplicateIds() {
        return events.stream().collect(Collectors.groupingBy(Event::id, LinkedHashMap::new, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** A tenant's events of one type, grouped by a field (e.g. the challenge id). */
    Map<String, List<Event>> byField(String tenantId, String type, String field) {
        return ofTenant(tenantId).stream().filter(e -> e.type().equals(type))
                .collect(Collectors.groupingBy(e -> String.valueOf(e.field(field)), LinkedHashMap::new, Collectors.toList()));
    }

    static <K> Map<K, Long> counts(List<Event> events, Function<Event, K> key) {
        return events.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.counting()));
    }

    /** {@code tweestap.challenge.ChallengeCreated.v1} -> {@code ChallengeCreated}: the name the catalogue gives the event. */
    static String eventName(String ceType) {
        if (ceType == null) {
            return "";
        }
        String withoutVersion = ceType.replaceFirst("\\.v\\d+$", "");
        return withoutVersion.substring(withoutVersion.lastIndexOf('.') + 1);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String value) {
        try {
            return value == null ? JSON.createObjectNode() : JSON.readTree(value);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }
}
