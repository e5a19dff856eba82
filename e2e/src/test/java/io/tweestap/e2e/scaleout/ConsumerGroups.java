package io.tweestap.e2e.scaleout;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The services' consumer groups as an operator handles them: rewound with Kafka's own offset
 * reset tool ({@code kafka-consumer-groups --reset-offsets --to-earliest}), and watched until they
 * have caught up again.
 */
final class ConsumerGroups {

    private final Path kafkaLibs;
    private final Path adminSettings;
    private final String bootstrap;
    private final Properties admin;

    ConsumerGroups(Path kafkaLibs, Path adminSettings, String bootstrap, Properties admin) {
        this.kafkaLibs = kafkaLibs;
        this.adminSettings = adminSettings;
        this.bootstrap = bootstrap;
        this.admin = admin;
    }

    /** Resets every topic of {@code group} to its first offset; the group must have no member (retried until it has none). */
    void rewind(String group) {
        Awaitility.await(group + " rewound").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> resetToEarliest(group));
    }

    /** Waits until {@code group} has read every partition it has offsets for to the end. */
    void awaitCaughtUp(String group, Duration patience) {
        Awaitility.await(group + " caught up").atMost(patience).pollInterval(Duration.ofMillis(500))
                .until(() -> lag(group) == 0);
    }

    /** The end offset of every partition of {@code topics}. */
    Map<TopicPartition, Long> endOffsets(List<String> topics) {
        try (Admin client = Admin.create(admin)) {
            List<TopicPartition> partitions = new ArrayList<>();
            client.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            ListOffsetsResult ends = client.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
            return ends.all().get(15, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets", e);
        }
    }

    private long lag(String group) throws Exception {
        try (Admin client = Admin.create(admin)) {
            Map<TopicPartition, OffsetAndMetadata> committed = client.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(15, TimeUnit.SECONDS);
            Map<TopicPartition, Long> ends = endOffsets(committed.keySet().stream().map(TopicPartition::topic).distinct().toList());
            return committed.entrySet().stream()
                    .mapToLong(e -> ends.getOrDefault(e.getKey(), 0L) - (e.getValue() == null ? 0 : e.getValue().offset()))
                    .sum();
        }
    }

    private boolean resetToEarliest(String group) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", kafkaLibs.resolve("*").toString(), "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
                "--bootstrap-server", bootstrap, "--command-config", adminSettings.toString(),
                "--group", group, "--reset-offsets", "--to-earliest", "--all-topics", "--execute");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            // The tool refuses while the group still has members ("... is not empty" / "inactive"): asked again then.
            return process.exitValue() == 0 && output.contains(group) && !output.toLowerCase(java.util.Locale.ROOT).contains("error");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
