package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.enrollment.domain.PhoneMethod;
import io.tweestap.enrollment.service.PhoneVerifications;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.outbox.OutboxEvent;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestPlatform;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * The wizard's code check and the {@code SmsVerified} consumer both end in
 * {@link PhoneVerifications#verified}, each in its own transaction, and in the wizard they
 * usually arrive within milliseconds of each other. Both must not register the phone.
 */
@QuarkusTest
class PhoneVerificationRaceTest {

    /** Many rounds, so that passing does not rest on one lucky interleaving; without the row lock every round here published twice. */
    private static final int ROUNDS = 40;

    @Inject
    PhoneVerifications phoneVerifications;

    @Test
    void theCheckAnswerAndSmsVerifiedAtOnceRegisterThePhoneOnce() throws Exception {
        String tenant = "race-" + UUID.randomUUID();
        List<PhoneMethod> phones = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            phones.add(pendingPhone(tenant, "racer-" + i + "@acme.example"));
        }

        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (PhoneMethod phone : phones) {
                // The barrier lines both transactions up, so they read the row at nearly the same moment.
                CyclicBarrier start = new CyclicBarrier(2);
                // As the check's 200 hands it over (phoneId unknown to the answer) and as SmsVerified does.
                Future<?> checkAnswer = threads.submit(() -> verify(start, phone, null, ServiceStandIns.MASKED));
                Future<?> smsVerified = threads.submit(() -> verify(start, phone, phone.phoneId, ServiceStandIns.MASKED));
                checkAnswer.get(30, TimeUnit.SECONDS);
                smsVerified.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        for (PhoneMethod phone : phones) {
            PhoneMethod stored = OnVertx.await(() -> Panache.withSession(() -> PhoneMethod.<PhoneMethod>findById(phone.id)));
            assertThat(stored.status).as("phone of %s", phone.userId).isEqualTo(PhoneMethod.Status.VERIFIED);
            assertThat(stored.verifiedAt).isNotNull();
        }
        // The relay deletes a row only after the broker's ack: once none is left, every event of
        // this tenant, duplicates included, is on the topic.
        await().atMost(Duration.ofSeconds(30)).until(() -> OnVertx.await(() -> Panache.withSession(() ->
                OutboxEvent.count("tenantId", tenant))) == 0);

        List<PhoneRegistered> registered = allRecords(Topic.ENROLLMENT.topicName()).stream()
                .filter(record -> record.key().startsWith(tenant + ":")
                        && "tweestap.enrollment.PhoneRegistered.v1".equals(TopicRecords.header(record, "ce_type")))
                .map(record -> EventJson.read(record.value(), PhoneRegistered.class))
                .toList();
        Map<String, Long> perPhone = registered.stream()
                .collect(Collectors.groupingBy(PhoneRegistered::phoneId, Collectors.counting()));
        assertThat(perPhone).as("PhoneRegistered per phone")
                .containsOnlyKeys(phones.stream().map(phone -> phone.phoneId).toList())
                .allSatisfy((phoneId, count) -> assertThat(count).as("PhoneRegistered for %s", phoneId).isEqualTo(1));
        assertThat(registered).allSatisfy(event -> assertThat(event.maskedNumber()).isEqualTo(ServiceStandIns.MASKED));
    }

    private Void verify(CyclicBarrier start, PhoneMethod phone, String phoneId, String masked) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        return OnVertx.await(() -> Panache.withTransaction(() -> phoneVerifications.verified(phone.tenantId,
                phone.userId, phone.verificationId, phoneId, masked)));
    }

    /** A phone as the wizard leaves it after sms-service sent the code. */
    private static PhoneMethod pendingPhone(String tenant, String user) {
        PhoneMethod phone = new PhoneMethod();
        phone.id = UUID.randomUUID();
        phone.phoneId = UUID.randomUUID().toString();
        phone.tenantId = tenant;
        phone.userId = user;
        phone.verificationId = UUID.randomUUID().toString();
        phone.maskedNumber = ServiceStandIns.MASKED;
        phone.channel = PhoneVerifications.Channel.SMS.name();
        phone.status = PhoneMethod.Status.PENDING;
        phone.requestedAt = Instant.now();
        OnVertx.await(() -> Panache.withTransaction(() -> phone.<PhoneMethod>persist()));
        return phone;
    }

    /** Every record on the topic up to its end now; TopicRecords can only wait for a wanted one. */
    private static List<ConsumerRecord<String, String>> allRecords(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestPlatform.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                assertThat(Instant.now()).as("read %s to its end", topic).isBefore(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }
}
