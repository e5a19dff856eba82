package io.tweestap.notification.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.notification.Challenges;
import io.tweestap.notification.Phone;
import io.tweestap.testkit.EventPublisher;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Time from a ChallengeCreated put on Kafka (just before the producer send) to its frame on a
 * connected device's stream, one challenge at a time, through the whole path: consumer, inbox
 * transaction, push row, NOTIFY at commit, claim, WebSocket write. Prints p50 / p99 / max; asserts
 * only that every challenge arrived, once. Run alone with
 * {@code ./mvnw -B -ntp -pl notification-service verify -Dtest=DeliveryLatencyBenchmark}
 * with {@code -Dtweestap.bench.challenges=200} (the normal build runs 50).
 */
@QuarkusTest
class DeliveryLatencyBenchmark {

    private static final int WARM_UP = 20;

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void challengeOnKafkaToFrameOnTheStream() {
        int samples = Integer.getInteger("tweestap.bench.challenges", 50);
        Phone phone = new Phone("bench", "latency-" + UUID.randomUUID()).register().connect(baseUri);
        List<Long> micros = new ArrayList<>();
        try (EventPublisher publisher = new EventPublisher()) {
            for (int i = 0; i < WARM_UP + samples; i++) {
                ChallengeCreated challenge = Challenges.created(phone, Instant.now().plusSeconds(60));
                long sent = System.nanoTime();
                publisher.publish(challenge, UUID.randomUUID().toString(), challenge.challengeId());
                long received = phone.awaitFrame(text -> text.contains(challenge.challengeId())).receivedNanos();
                if (i >= WARM_UP) {
                    micros.add((received - sent) / 1_000);
                }
            }
        } finally {
            phone.disconnect();
        }

        assertThat(phone.frames).hasSize(WARM_UP + samples);
        Collections.sort(micros);
        System.out.printf("DeliveryLatencyBenchmark: %d challenges, ChallengeCreated on Kafka -> frame on WebSocket:"
                        + " p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                samples, percentile(micros, 50), percentile(micros, 90), percentile(micros, 99), micros.get(micros.size() - 1) / 1000.0);
    }

    private static double percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1000.0;
    }
}
