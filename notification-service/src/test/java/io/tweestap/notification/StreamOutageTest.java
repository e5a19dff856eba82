package io.tweestap.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.testkit.DatabaseOutage;
import io.tweestap.testkit.OutageAnswers;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: PostgreSQL away. A device opening its stream meanwhile is refused at once with
 * 503 and Retry-After — not 401, nothing is wrong with the device, and not a hang — readiness goes
 * DOWN, and when the database is back the device connects and pushes reach it and a device whose
 * stream stayed open throughout, without a restart; a push that stream acknowledged while the
 * database was away is not written to it again.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseOutage.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "notification_test"))
class StreamOutageTest {

    @TestHTTPResource("/")
    URI baseUri;

    @Test
    void aStreamOpenedWhileTheDatabaseIsAwayIsAQuick503AndConnectsWhenItIsBack() throws Exception {
        Phone refused = new Phone("acme", "outage-" + UUID.randomUUID()).register();
        Phone throughout = new Phone("acme", "outage-" + UUID.randomUUID()).register().neverAcking().connect(baseUri);
        try {
            // A push read just before the database goes away, acknowledged while it is away.
            ChallengeCreated before = Challenges.publishFor(throughout);
            String readBefore = throughout.awaitFrame(text -> text.contains(before.challengeId())).text();
            // The HTTP client warmed up, so that its first call is not what is timed.
            given().get("/q/health/live").then().statusCode(200);
            DatabaseOutage.current().begin();
            try {
                // An ack the database cannot record now: kept until it can, and the stream stays.
                throughout.ack(Phone.pushId(readBefore));
                throughout.ack(UUID.randomUUID().toString());
                long started = System.nanoTime();
                Response answer = upgrade(refused);
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(answer.statusCode()).isEqualTo(503);
                assertThat(answer.header("Retry-After")).matches("[1-9][0-9]*");
                assertThat(took).as("refused at once, not hanging").isLessThan(OutageAnswers.QUICK);
                OutageAnswers.awaitReadiness(503);
            } finally {
                DatabaseOutage.current().end();
            }
            // Past the ack timeout (2 s here) and several sweeps (every second): the acknowledged frame is not
            // written again, although the database did not have the ack when the sweep first could run.
            await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertThat(throughout.frames.stream().filter(frame -> frame.text().contains(before.challengeId())).count())
                    .as("frames of the push acknowledged during the outage").isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> refused.connect(baseUri) != null);

            ChallengeCreated toRefused = Challenges.publishFor(refused);
            ChallengeCreated toThroughout = Challenges.publishFor(throughout);
            refused.awaitFrame(text -> text.contains(toRefused.challengeId()));
            throughout.awaitFrame(text -> text.contains(toThroughout.challengeId()));
            assertThat(throughout.closed.getCount()).as("the stream open throughout was never closed").isEqualTo(1);
        } finally {
            refused.disconnect();
            throughout.disconnect();
        }
    }

    /** The handshake as a WebSocket client sends it, signed; read as a plain HTTP answer. */
    private static Response upgrade(Phone phone) {
        byte[] key = new byte[16];
        new java.security.SecureRandom().nextBytes(key);
        return given().headers(phone.signedHeaders())
                .header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key))
                .when().get(phone.path());
    }
}
