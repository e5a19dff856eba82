package io.tweestap.challenge.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.challenge.TestPhoneAccess;
import io.tweestap.events.Topic;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Prints the latency of the two paths a sign-in waits on. Not part of the normal test run (the
 * name does not end in Test); run it with:
 *
 * <pre>./mvnw -pl challenge-service verify -Dtest=ChallengeLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
class ChallengeLatencyBenchmark {

    private static final int WARM_UP = 20;
    private static final int ROUNDS = 200;

    @Test
    void measure() throws Exception {
        List<Long> createToKafka = new ArrayList<>();
        List<Long> answerToLongPoll = new ArrayList<>();
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            for (int round = 0; round < WARM_UP + ROUNDS; round++) {
                TestPhoneAccess phone = TestPhoneAccess.registered("bench", "bench-" + round + "@acme.example");

                long created = System.nanoTime();
                Response challenge = phone.requestSignIn();
                String challengeId = challenge.path("challengeId");
                ConsumerRecord<String, String> record = topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject")),
                        Duration.ofSeconds(30));
                long onKafka = System.nanoTime();

                CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> phone.longPoll(challengeId));
                String nonce = phone.serverNonce(challengeId);
                awaitPollInFlight();
                long answered = System.nanoTime();
                phone.approve(challengeId, nonce, challenge.path("numberToShow"));
                Response outcome = poll.get(30, TimeUnit.SECONDS);
                long pollReturned = System.nanoTime();
                assertThat((String) outcome.path("status")).isEqualTo("APPROVED");
                assertThat(record).isNotNull();

                if (round >= WARM_UP) {
                    createToKafka.add(onKafka - created);
                    answerToLongPoll.add(pollReturned - answered);
                }
            }
        }
        print("create -> ChallengeCreated on Kafka", createToKafka);
        print("device answer -> long-poll returns APPROVED", answerToLongPoll);
    }

    /** The poll request needs a moment to reach the server; the figure measures the wake-up, not the connect. */
    private static void awaitPollInFlight() {
        org.awaitility.Awaitility.await().pollDelay(Duration.ofMillis(50)).atMost(Duration.ofSeconds(1)).until(() -> true);
    }

    private static void print(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("BENCHMARK %-45s n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms%n", what, sorted.size(),
                millis(sorted, 0.50), millis(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
    }

    private static double millis(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1)) / 1e6;
    }
}
