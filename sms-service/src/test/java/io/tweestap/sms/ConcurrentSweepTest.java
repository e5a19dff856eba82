package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.sms.service.PendingSendSweeper;
import io.tweestap.testkit.AtOnce;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: every instance runs the pending-send sweeper. Two instances sweeping the same stuck
 * sends at once (and this application's scheduled sweep besides) settle each once: one
 * {@code SmsDeliveryFailed} per send, none twice (decision 0043).
 */
@QuarkusTest
class ConcurrentSweepTest {

    private static final String DELIVERY_FAILED = "tweestap.sms.SmsDeliveryFailed.v1";

    @Inject
    PendingSendSweeper sweeper;

    @Inject
    TestClock clock;

    @Inject
    SmsSettings settings;

    @Test
    void sendsStuckPendingSweptByTwoInstancesAtOnceAreReportedOnceEach() throws Exception {
        List<UUID> verifications = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = SmsApi.start("acme", "stuck-" + i + "-" + UUID.randomUUID() + "@acme.example", TestNumbers.dutchMobile(), "SMS", "en")
                    .then().statusCode(201).extract().path("verificationId");
            verifications.add(UUID.fromString(id));
        }
        // All of them as if the service had died between Vonage's answer and recording it.
        OnVertx.await(() -> Panache.withTransaction(() -> CodeSend.update(
                "status = ?1, providerId = null where verificationId in ?2", CodeSend.Status.PENDING, verifications)));
        clock.advance(settings.unconfirmedAfter().plusSeconds(1));

        List<Callable<Integer>> instances = List.of(this::sweepUntilNoneLeft, this::sweepUntilNoneLeft);
        int byTheTwo = AtOnce.run(instances).stream().mapToInt(Integer::intValue).sum();

        await().atMost(Duration.ofSeconds(20)).until(() -> unconfirmed(verifications) == verifications.size());
        assertThat(byTheTwo).as("settled by the two (the scheduled sweep may take some)").isLessThanOrEqualTo(verifications.size());
        List<String> subjects = verifications.stream().map(UUID::toString).toList();
        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            for (String subject : subjects) {
                topic.await(r -> subject.equals(TopicRecords.header(r, "ce_subject"))
                        && DELIVERY_FAILED.equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(30));
            }
            List<String> reported = topic.seen().stream()
                    .filter(r -> DELIVERY_FAILED.equals(TopicRecords.header(r, "ce_type")) && subjects.contains(TopicRecords.header(r, "ce_subject")))
                    .map(r -> TopicRecords.header(r, "ce_subject"))
                    .toList();
            assertThat(reported).as("one SmsDeliveryFailed per stuck send").hasSize(subjects.size()).doesNotHaveDuplicates();
        }
    }

    private int sweepUntilNoneLeft() {
        int total = 0;
        int settled;
        do {
            settled = OnVertx.await(() -> sweeper.sweep());
            total += settled;
        } while (settled > 0);
        return total;
    }

    private static long unconfirmed(List<UUID> verifications) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> CodeSend.count(
                "verificationId in ?1 and status = ?2", verifications, CodeSend.Status.UNCONFIRMED)));
    }
}
