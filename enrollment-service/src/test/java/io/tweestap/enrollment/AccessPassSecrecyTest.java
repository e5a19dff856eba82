package io.tweestap.enrollment;

import static io.tweestap.enrollment.AccessPassCalls.awaitEvent;
import static io.tweestap.enrollment.AccessPassCalls.issue;
import static io.tweestap.enrollment.AccessPassCalls.redeem;
import static io.tweestap.enrollment.AccessPassCalls.refused;
import static io.tweestap.enrollment.AccessPassCalls.revoke;
import static io.tweestap.enrollment.AccessPassCalls.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.enrollment.service.ExpiredAccessPassPurge;
import io.tweestap.enrollment.service.ExpiredAccessPassPurge.Purged;
import io.tweestap.events.Topic;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/**
 * A temporary access pass is shown once, to whoever issued it: it is in no event, no log line and
 * no database column (only its hash is), and expired passes are purged safely on every instance.
 */
@QuarkusTest
class AccessPassSecrecyTest {

    @Inject
    ExpiredAccessPassPurge purge;

    @Test
    void thePassIsInNoEventLogLineOrColumn() {
        String user = user("secret");
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            Response issued = issue("acme", user, Map.of());
            String code = issued.path("code");
            String passId = issued.path("passId");
            refused(redeem("acme", user, code.substring(0, 20) + "ZZZZ"));
            redeem("acme", user, code).then().statusCode(201);
            refused(redeem("acme", user, code));
            revoke("acme", user, passId).then().statusCode(204);
            awaitEvent(topic, "TemporaryAccessPassIssued", passId);
            awaitEvent(topic, "TemporaryAccessPassRedeemed", passId);
            awaitEvent(topic, "TemporaryAccessPassRevoked", passId);

            List<String> secrets = List.of(code, code.replace("-", ""));
            for (ConsumerRecord<String, String> record : topic.seen()) {
                StringBuilder text = new StringBuilder(record.key()).append(record.value());
                for (Header header : record.headers()) {
                    text.append(new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
                }
                secrets.forEach(secret -> assertThat(text.toString()).doesNotContain(secret));
            }
            assertThat(logged).as("the refusals were logged, so the capture works")
                    .anyMatch(line -> line.contains("Temporary access pass refused"));
            for (String line : logged) {
                secrets.forEach(secret -> assertThat(line).doesNotContain(secret));
            }
            String row = Journey.sqlText("SELECT t::text FROM temporary_access_pass t WHERE id = '" + passId + "'");
            assertThat(row).contains(passId);
            secrets.forEach(secret -> assertThat(row).doesNotContain(secret));
        } finally {
            root.removeHandler(capture);
        }
    }

    @Test
    void expiredPassesArePurgedADayLaterOnceWhenInstancesPurgeTogether() {
        String user = user("purge");
        String old = issue("acme", user, Map.of()).path("passId");
        String recent = issue("acme", user, Map.of()).path("passId");
        String live = issue("acme", user, Map.of()).path("passId");
        Journey.sql("UPDATE temporary_access_pass SET expires_at = now() - interval '25 hours' WHERE id = '" + old + "'");
        Journey.sql("UPDATE temporary_access_pass SET expires_at = now() - interval '23 hours' WHERE id = '" + recent + "'");
        Journey.sql("INSERT INTO access_pass_failures VALUES ('acme', '" + user + "', 2, now() - interval '1 hour', NULL)");

        List<Purged> both = io.smallrye.mutiny.Uni.join().all(purge.purge(Instant.now()), purge.purge(Instant.now()))
                .andFailFast().await().atMost(Duration.ofSeconds(30));

        assertThat(both.stream().mapToLong(Purged::passes).sum()).as("the old pass deleted once").isEqualTo(1);
        assertThat(Journey.sqlText("SELECT string_agg(id::text, ',' ORDER BY issued_at) FROM temporary_access_pass"
                + " WHERE user_id = '" + user + "'")).isEqualTo(recent + "," + live);
        assertThat(Journey.sqlText("SELECT count(*)::text FROM access_pass_failures WHERE user_id = '" + user + "'"))
                .isEqualTo("0");
    }
}
