package io.tweestap.e2e;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11 item 7: a record written to Kafka by anyone was trusted — a forged {@code DeviceRegistered}
 * on {@code mfa.enrollment.events.v1} made challenge-service accept a key no activation registered.
 * Against a broker secured as the local platform's and e2e's (deploy/local/kafka-broker --users, the
 * ACLs of deploy/kafka-acls; decision 0063): only enrollment-service writes its topic, a client
 * without credentials gets nowhere, and a service reads only what it consumes, in its own group.
 */
class KafkaIdentitiesSystemTest {

    private static final String ENROLLMENT_TOPIC = "mfa.enrollment.events.v1";
    private static final String FORGED_DEVICE = "{\"deviceId\":\"forged\",\"publicKey\":\"attacker's key\"}";

    private static SecuredKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = SecuredKafkaBroker.onFreePorts(Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize());
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void enrollmentServiceWritesItsTopicAndItsConsumersReadIt() throws Exception {
        String key = "identities:" + UUID.randomUUID();
        RecordMetadata written = send("enrollment-service", ENROLLMENT_TOPIC, key);
        assertThat(written.hasOffset()).isTrue();

        for (String consumer : List.of("challenge-service", "notification-service")) {
            try (KafkaConsumer<String, String> reader = consumer(consumer, consumer)) {
                reader.subscribe(List.of(ENROLLMENT_TOPIC));
                List<String> keys = new ArrayList<>();
                await(consumer + " reads " + ENROLLMENT_TOPIC).atMost(Duration.ofSeconds(30)).until(() -> {
                    reader.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                    return keys.contains(key);
                });
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"challenge-service", "notification-service", "sms-service"})
    void anotherServiceCannotWriteTheEnrollmentTopic(String user) {
        assertThat(refusal(() -> send(user, ENROLLMENT_TOPIC, "identities:forged")))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void theReadOnlyOperationsUserCannotWriteAtAll() {
        // it may write no topic, so even its idempotent producer's id is refused (Cluster, before Topic);
        // a send that comes after that refusal fails with the producer's error state, caused by it
        Throwable refused = refusal(() -> send("operations", ENROLLMENT_TOPIC, "identities:operations"));
        assertThat(java.util.stream.Stream.iterate(refused, t -> t != null, Throwable::getCause))
                .as("the refusal or its cause: %s", refused).anyMatch(AuthorizationException.class::isInstance);
    }

    @Test
    void aClientWithoutCredentialsIsRefused() {
        Map<String, Object> anonymous = new HashMap<>(Map.of("bootstrap.servers", broker.bootstrapServers()));
        // PLAINTEXT (no SASL): the broker has no listener that takes it, so the client never gets metadata
        assertThat(refusal(() -> send(anonymous, ENROLLMENT_TOPIC, "identities:anonymous")))
                .isInstanceOf(TimeoutException.class);
        assertThat(recordsOn(ENROLLMENT_TOPIC)).noneMatch(r -> r.key().equals("identities:anonymous"));
    }

    @Test
    void aServiceNameWithTheWrongPasswordIsRefused() {
        Map<String, Object> guessed = broker.clientProperties("enrollment-service", "guessed-" + UUID.randomUUID());
        assertThat(refusal(() -> send(guessed, ENROLLMENT_TOPIC, "identities:guessed")))
                .isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void aConsumerWritesTheDeadLetterTopicOfWhatItConsumesButNotOfItsOwnTopic() throws Exception {
        assertThat(send("challenge-service", ENROLLMENT_TOPIC + ".dlq", "identities:dead-letter").hasOffset()).isTrue();
        assertThat(refusal(() -> send("enrollment-service", ENROLLMENT_TOPIC + ".dlq", "identities:own-dlq")))
                .isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void aServiceCannotReadATopicItDoesNotConsume() {
        // sms-service consumes nothing; challenge-service does not consume SMS events
        assertReadRefused("sms-service", "sms-service", ENROLLMENT_TOPIC, TopicAuthorizationException.class);
        assertReadRefused("challenge-service", "challenge-service", "mfa.sms.events.v1", TopicAuthorizationException.class);
        // nor read in another service's consumer group (it would move that service's offsets)
        assertReadRefused("notification-service", "challenge-service", ENROLLMENT_TOPIC, GroupAuthorizationException.class);
    }

    /**
     * The outbox relay's tail check (decision 0076): each service reads the last records of its own
     * topic with a plain consumer, assigned and without a group, even sms-service, which has no group.
     */
    @ParameterizedTest
    @ValueSource(strings = {"enrollment", "challenge", "notification", "sms"})
    void eachServiceReadsTheTailOfItsOwnTopicWithoutAGroup(String service) throws Exception {
        String user = service + "-service";
        String topic = "mfa." + service + ".events.v1";
        String key = "identities:tail-" + UUID.randomUUID();
        // a send that times out waiting for metadata (a busy machine) wrote nothing: try again
        RecordMetadata written = await(user + " writes its topic").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> send(user, topic, key), metadata -> metadata.hasOffset());

        Map<String, Object> properties = broker.clientProperties(user, broker.password(user));
        properties.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, String> tail = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, written.partition());
            tail.assign(List.of(partition));
            assertThat(tail.endOffsets(List.of(partition)).get(partition)).isGreaterThan(written.offset());
            tail.seek(partition, written.offset());
            List<String> keys = new ArrayList<>();
            await(user + " reads its own topic's tail").atMost(Duration.ofSeconds(30)).until(() -> {
                tail.poll(Duration.ofMillis(200)).forEach(r -> keys.add(r.key()));
                return keys.contains(key);
            });
        }
        // but not another service's topic that way
        Map<String, Object> other = broker.clientProperties(user, broker.password(user));
        try (KafkaConsumer<String, String> foreign = new KafkaConsumer<>(other, new StringDeserializer(), new StringDeserializer())) {
            // challenge-service reads notification events (a push's acknowledgement calls off its fallback, decision 0104)
            String notConsumed = service.equals("notification") || service.equals("challenge")
                    ? "mfa.sms.events.v1" : "mfa.notification.events.v1";
            TopicPartition partition = new TopicPartition(notConsumed, 0);
            foreign.assign(List.of(partition));
            foreign.seekToBeginning(List.of(partition));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    foreign.poll(Duration.ofMillis(200));
                }
            }).as("%s reading %s", user, notConsumed).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static void assertReadRefused(String user, String group, String topic, Class<? extends Exception> refusal) {
        try (KafkaConsumer<String, String> reader = consumer(user, group)) {
            reader.subscribe(List.of(topic));
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    reader.poll(Duration.ofMillis(200));
                }
            }).as("%s reading %s in group %s", user, topic, group).isInstanceOf(refusal);
        }
    }

    /** What a send failed with: the producer reports a refusal through the future, or throws it. */
    private static Throwable refusal(ThrowingCallable send) {
        Throwable thrown = catchThrowable(send);
        assertThat(thrown).as("the send was refused").isNotNull();
        return thrown instanceof ExecutionException ? thrown.getCause() : thrown;
    }

    private static List<ConsumerRecord<String, String>> recordsOn(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> reader = consumer("operations", "tweestap-operations-identities-" + UUID.randomUUID())) {
            reader.subscribe(List.of(topic));
            await("the operations reader has its partitions").atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(records::add);
                return !reader.assignment().isEmpty();
            });
            reader.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    private static RecordMetadata send(String user, String topic, String key) throws Exception {
        return send(broker.clientProperties(user, broker.password(user)), topic, key);
    }

    private static RecordMetadata send(Map<String, Object> client, String topic, String key) throws Exception {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("acks", "all");
        properties.put("max.block.ms", 5000);
        properties.put("delivery.timeout.ms", 10000);
        properties.put("request.timeout.ms", 5000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, FORGED_DEVICE);
            record.headers().add("ce_type", "io.tweestap.enrollment.DeviceRegistered".getBytes());
            return producer.send(record).get();
        }
    }

    private static KafkaConsumer<String, String> consumer(String user, String group) {
        Map<String, Object> properties = broker.clientProperties(user, broker.password(user));
        properties.put("group.id", group);
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
    }
}
