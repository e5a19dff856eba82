package io.tweestap.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12 item 2: the scale-out layout's Kafka ({@code deploy/local/kafka-cluster}, what {@code
 * deploy/local/platform up --brokers 3} runs) is three KRaft nodes of one controller quorum, with every
 * Tweestap topic and DLQ at replication factor 3 and min.insync.replicas 2, secured as the single broker;
 * a crash of the node that leads most partitions loses no acknowledged write, and {@code start} brings
 * it back into every ISR.
 */
class KafkaClusterSystemTest {

    private static final String CHALLENGES = "mfa.challenge.events.v1";
    private static final List<String> TOPICS = List.of("mfa.enrollment.events.v1", CHALLENGES,
            "mfa.notification.events.v1", "mfa.sms.events.v1");

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    private static SecuredKafkaCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = SecuredKafkaCluster.onFreePorts(ROOT, 3);
        cluster.start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.stop();
        }
    }

    @Test
    void threeVotersAndEveryTopicThreeTimesReplicatedWithTwoInSyncRequired() throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties("admin"))) {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            assertThat(quorum.voters()).extracting(QuorumInfo.ReplicaState::replicaId).containsExactlyInAnyOrder(1, 2, 3);
            assertThat(quorum.leaderId()).isIn(1, 2, 3);
            assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);

            List<String> names = new ArrayList<>(TOPICS);
            TOPICS.forEach(topic -> names.add(topic + ".dlq"));
            Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get();
            for (TopicDescription topic : topics.values()) {
                assertThat(topic.partitions()).hasSize(topic.name().endsWith(".dlq") ? 3 : 6);
                for (TopicPartitionInfo partition : topic.partitions()) {
                    assertThat(partition.replicas()).as(topic.name() + " replicas").extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
                    assertThat(partition.isr()).as(topic.name() + " ISR").hasSize(3);
                }
            }
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();
            configs.forEach((resource, config) -> assertThat(config.get("min.insync.replicas").value())
                    .as(resource.name() + " min.insync.replicas").isEqualTo("2"));

            // what topics made later (the consumer offsets, transactions) get: the brokers' settings
            for (String node : List.of("1", "2", "3")) {
                Config broker = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, node))).all().get()
                        .values().iterator().next();
                assertThat(broker.get("default.replication.factor").value()).isEqualTo("3");
                assertThat(broker.get("min.insync.replicas").value()).isEqualTo("2");
                assertThat(broker.get("offsets.topic.replication.factor").value()).isEqualTo("3");
                assertThat(broker.get("transaction.state.log.replication.factor").value()).isEqualTo("3");
                assertThat(broker.get("transaction.state.log.min.isr").value()).isEqualTo("2");
            }
        }
    }

    @Test
    void aServiceStillWritesOnlyItsOwnTopic() {
        try (KafkaProducer<String, String> sms = producer("sms-service")) {
            Throwable refused = catchThrowable(() -> sms.send(new ProducerRecord<>(CHALLENGES, "forged", "{}")).get());
            assertThat(refused).hasRootCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void theBusiestLeaderCrashesAndNoAcknowledgedWriteIsLost() throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties("admin"));
             KafkaProducer<String, String> challenges = producer("challenge-service")) {
            int busiest = leaders(admin).entrySet().stream().max(Comparator.comparingLong(Map.Entry::getValue)).orElseThrow().getKey();
            cluster.kill(busiest);

            // acks=all with min.insync.replicas 2: the two nodes left take every write, once leaders have moved
            List<RecordMetadata> written = new ArrayList<>();
            for (int partition = 0; partition < 6; partition++) {
                written.add(challenges.send(new ProducerRecord<>(CHALLENGES, partition, "k" + partition, "after crash " + partition)).get());
            }
            await("leaders moved off node " + busiest).atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(leaders(admin)).doesNotContainKey(busiest));

            cluster.start();
            for (TopicPartitionInfo partition : admin.describeTopics(List.of(CHALLENGES)).allTopicNames().get().get(CHALLENGES).partitions()) {
                assertThat(partition.isr()).as("ISR after the restart").extracting(Node::id).containsExactlyInAnyOrder(1, 2, 3);
            }
            assertThat(read(written)).containsExactly("after crash 0", "after crash 1", "after crash 2",
                    "after crash 3", "after crash 4", "after crash 5");
        }
    }

    /**
     * {@code deploy/local/events}, as people on call read the cluster: one user's events of two topics
     * in the order of their time (not topic after topic), their data, control characters escaped; and
     * it stops by itself once it has read what was there.
     */
    @Test
    void theOperationsEventLogReadsTheTopicsInTimeOrderAndStops() throws Exception {
        String user = "acme:eventlog-" + System.nanoTime();
        Instant t = Instant.parse("2026-12-02T09:00:00Z");
        try (KafkaProducer<String, String> enrollment = producer("enrollment-service");
             KafkaProducer<String, String> challenge = producer("challenge-service")) {
            enrollment.send(event("mfa.enrollment.events.v1", user, "EnrollmentStarted", t, "e-1")).get();
            enrollment.send(event("mfa.enrollment.events.v1", user, "DeviceRegistered", t.plusSeconds(3), "d-1")).get();
            enrollment.send(event("mfa.enrollment.events.v1", "acme:someone-else", "EnrollmentStarted", t.plusSeconds(1), "e-2")).get();
            challenge.send(event("mfa.challenge.events.v1", user, "ChallengeCreated", t.plusSeconds(1), "c-1\u001b[2J")).get();
            challenge.send(event("mfa.challenge.events.v1", user, "ChallengeApproved", t.plusSeconds(2), "c-1")).get();
        }
        Path clientConfig = Files.createTempFile("tweestap-operations", ".properties");
        try {
            Map<String, Object> operations = cluster.clientProperties("operations");
            Files.writeString(clientConfig, operations.entrySet().stream().filter(e -> !e.getKey().equals("bootstrap.servers"))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n")));
            Process events = new ProcessBuilder("bash", ROOT.resolve("deploy/local/events").toString(),
                    "--bootstrap", (String) operations.get("bootstrap.servers"), "--client-config", clientConfig.toString(),
                    "--key", user, "--data").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(events.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(events.waitFor(120, TimeUnit.SECONDS)).as("stopped by itself: " + output).isTrue();
            assertThat(events.exitValue()).as(output).isZero();
            List<String> lines = output.lines().filter(line -> !line.startsWith("    ")).toList();
            assertThat(lines).as(output).hasSize(4);
            assertThat(lines.get(0)).startsWith("2026-12-02T09:00:00Z").contains("tweestap.enrollment.EnrollmentStarted.v1").contains(user);
            assertThat(lines.get(1)).contains("ChallengeCreated").endsWith("c-1\\u001b[2J").doesNotContain("\u001b");
            assertThat(lines.get(2)).contains("ChallengeApproved");
            assertThat(lines.get(3)).startsWith("2026-12-02T09:00:03Z").contains("DeviceRegistered");
            assertThat(output).contains("    {\"subject\":\"d-1\"}").doesNotContain("someone-else");
        } finally {
            Files.deleteIfExists(clientConfig);
        }
    }

    private static ProducerRecord<String, String> event(String topic, String key, String name, Instant time, String subject) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, "{\"subject\":\"" + subject.replace("\u001b", "") + "\"}");
        String service = topic.split("\\.")[1];
        record.headers().add("ce_type", ("tweestap." + service + "." + name + ".v1").getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_time", time.toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_subject", subject.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static Map<Integer, Long> leaders(Admin admin) throws ExecutionException, InterruptedException {
        return admin.describeTopics(List.of(CHALLENGES)).allTopicNames().get().get(CHALLENGES).partitions().stream()
                .map(TopicPartitionInfo::leader).filter(leader -> leader != null && !leader.isEmpty())
                .collect(Collectors.groupingBy(Node::id, Collectors.counting()));
    }

    private static KafkaProducer<String, String> producer(String user) {
        Map<String, Object> properties = cluster.clientProperties(user);
        properties.put("acks", "all");
        properties.put("delivery.timeout.ms", 90_000);
        properties.put("max.block.ms", 30_000);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** The values at the offsets the writes were acknowledged at, read as the operations user. */
    private static List<String> read(List<RecordMetadata> written) {
        Map<String, Object> properties = cluster.clientProperties("operations");
        properties.put("group.id", "tweestap-operations-cluster-test");
        properties.put("enable.auto.commit", false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            Map<TopicPartition, Long> offsets = written.stream().collect(Collectors.toMap(
                    m -> new TopicPartition(m.topic(), m.partition()), RecordMetadata::offset));
            consumer.assign(offsets.keySet());
            offsets.forEach(consumer::seek);
            Map<Integer, String> values = new java.util.TreeMap<>();
            await("the acknowledged records").atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() == offsets.get(new TopicPartition(record.topic(), record.partition()))) {
                        values.put(record.partition(), record.value());
                    }
                }
                return values.size() == offsets.size();
            });
            return List.copyOf(values.values());
        }
    }
}
