package io.tweestap.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 5: Vonage answers slower than the client's timeout (the sandbox holds numbers
 * ending in 0408 for 12 s, beyond the 5 s timeout). The request reached Vonage, so the code may
 * well arrive: it is sent once, stays usable, the send is settled as unconfirmed once, and the
 * start repeated by an impatient user or the wizard sends nothing more (decision 0078).
 */
@QuarkusTest
class SlowVonageTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    @Test
    void aSendVonageAnswersTooLateForIsSentOnceAndItsCodeWorks() {
        String number = "06" + TestNumbers.dutchMobile().substring(2, 6) + "0408";
        String user = "traag-" + UUID.randomUUID() + "@acme.example";
        String verificationId = SmsApi.start("acme", user, number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");

        // The repeated start (a double click, the wizard retrying) is answered with the same verification.
        assertThat((String) SmsApi.start("acme", user, number, "SMS", "en").then().statusCode(201)
                .extract().path("verificationId")).isEqualTo(verificationId);
        await().atMost(EVENT_WAIT).until(() -> VonageSandbox.smsTo(TestNumbers.msisdn(number)).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> VonageSandbox.smsTo(TestNumbers.msisdn(number)).size() == 1);

        CodeSend send = sendOf(verificationId);
        assertThat(send.status).isEqualTo(CodeSend.Status.UNCONFIRMED);
        assertThat(send.failureReason).isEqualTo("vonage-no-answer");
        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            SmsDeliveryFailed reported = EventJson.read(topic.await(r -> verificationId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsDeliveryFailed.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT).value(),
                    SmsDeliveryFailed.class);
            assertThat(reported.reason()).isEqualTo("send-unconfirmed");

            // The code that did reach the phone verifies.
            String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();
            SmsApi.check("acme", verificationId, code).then().statusCode(200);
            topic.await(r -> verificationId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsVerified.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            assertThat(topic.seen().stream().filter(r -> verificationId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsDeliveryFailed.v1".equals(TopicRecords.header(r, "ce_type"))).count())
                    .as("reported once, by the send and not again by the sweeper").isEqualTo(1);
        }
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(1);
    }

    private static CodeSend sendOf(String verificationId) {
        return OnVertx.await(() -> Panache.withSession(() -> CodeSend.<CodeSend>find(
                "verificationId = ?1 order by sentAt", UUID.fromString(verificationId)).firstResult()));
    }
}
