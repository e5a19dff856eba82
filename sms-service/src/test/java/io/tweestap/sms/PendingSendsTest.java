package io.tweestap.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.sms.config.SmsSettings;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A send whose Vonage answer was never recorded (the service died between the Vonage call and the
 * second transaction): the sweeper settles it, a late receipt still counts, the user is not stuck.
 */
@QuarkusTest
class PendingSendsTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static final String DELIVERY_FAILED = "tweestap.sms.SmsDeliveryFailed.v1";

    @Inject
    TestClock clock;

    @Inject
    SmsSettings settings;

    @Test
    void aSendLeftPendingIsReportedUnconfirmedAndALateReceiptStillApplies() {
        String oldNumber = TestNumbers.dutchMobile();
        String old = SmsApi.start("acme", "stuck@acme.example", oldNumber, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        clock.advance(settings.unconfirmedAfter().minusSeconds(10));
        String youngNumber = TestNumbers.dutchMobile();
        String young = SmsApi.start("acme", "fresh@acme.example", youngNumber, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        // Both as if the process had died right after Vonage took the message: in one statement, so
        // that any sweep that settles the old one has seen the young one too.
        OnVertx.await(() -> Panache.withTransaction(() -> CodeSend.update(
                "status = ?1, providerId = null where verificationId in ?2", CodeSend.Status.PENDING,
                List.of(UUID.fromString(old), UUID.fromString(young)))));
        clock.advance(Duration.ofSeconds(11));

        await().atMost(EVENT_WAIT).until(() -> sendOf(old).status == CodeSend.Status.UNCONFIRMED);
        assertThat(sendOf(young).status).isEqualTo(CodeSend.Status.PENDING);

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> old.equals(TopicRecords.header(r, "ce_subject"))
                    && DELIVERY_FAILED.equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            SmsDeliveryFailed failed = EventJson.read(record.value(), SmsDeliveryFailed.class);
            assertThat(failed.reason()).isEqualTo("send-unconfirmed");
            assertThat(failed.channel()).isEqualTo("SMS");
            assertThat(failed.maskedNumber()).isEqualTo("+31 6 ****" + oldNumber.substring(6));

            // The message did go out after all: Vonage's receipt, with our client reference, says so.
            VonageSandbox.Sms sms = VonageSandbox.smsTo(TestNumbers.msisdn(oldNumber)).get(0);
            given().formParams(VonageAnswersTest.signed(Map.of("messageId", "late-" + old, "status", "delivered",
                            "client-ref", sms.form().get("client-ref")), "test-signature-secret"))
                    .when().post("/api/v1/vonage/delivery-receipts").then().statusCode(204);
            assertThat(sendOf(old).status).isEqualTo(CodeSend.Status.DELIVERED);

            // Later sweeps left it alone: a later event of this verification, and still one failure.
            SmsApi.check("acme", old, SmsApi.wrong(sms.code())).then().statusCode(422);
            topic.await(r -> old.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsVerificationFailed.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            assertThat(topic.seen().stream().filter(r -> old.equals(TopicRecords.header(r, "ce_subject"))
                    && DELIVERY_FAILED.equals(TopicRecords.header(r, "ce_type")))).hasSize(1);
        }
        // The code that did arrive still works.
        SmsApi.check("acme", old, VonageSandbox.smsTo(TestNumbers.msisdn(oldNumber)).get(0).code())
                .then().statusCode(200);
    }

    @Test
    void aPhantomSendHoldsTheUserNoLongerThanTheCooldown() {
        String number = TestNumbers.dutchMobile();
        String first = SmsApi.start("acme", "phantom@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        OnVertx.await(() -> Panache.withTransaction(() -> CodeSend.update(
                "status = ?1, providerId = null where verificationId = ?2", CodeSend.Status.PENDING,
                UUID.fromString(first))));

        // Within the cooldown a repeated start is answered with the same verification, as for any send.
        String repeated = SmsApi.start("acme", "phantom@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        assertThat(repeated).isEqualTo(first);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(1);

        // After it, long before the sweeper would settle the phantom, the user gets a new code.
        clock.advance(settings.resendCooldown().plusSeconds(1));
        assertThat(sendOf(first).status).isEqualTo(CodeSend.Status.PENDING);
        SmsApi.resend("acme", first).then().statusCode(202);
        List<VonageSandbox.Sms> sent = VonageSandbox.smsTo(TestNumbers.msisdn(number));
        assertThat(sent).hasSize(2);
        SmsApi.check("acme", first, sent.get(1).code()).then().statusCode(200);
    }

    private static CodeSend sendOf(String verificationId) {
        return OnVertx.await(() -> Panache.withSession(() -> CodeSend.<CodeSend>find(
                "verificationId = ?1 order by sentAt", UUID.fromString(verificationId)).firstResult()));
    }
}
