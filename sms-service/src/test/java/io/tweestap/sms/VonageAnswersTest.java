package io.tweestap.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.vonage.client.auth.RequestSigning;
import com.vonage.client.auth.hashutils.HashType;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** What Vonage answers, now or later: throttling, errors and delivery receipts. */
@QuarkusTest
class VonageAnswersTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static final String SIGNATURE_SECRET = "test-signature-secret";

    @Test
    void aThrottledSmsIsA503WithRetryAfterAndCanBeRetriedAtOnce() {
        // The sandbox throttles numbers ending in 0429.
        String number = "06" + TestNumbers.dutchMobile().substring(2, 6) + "0429";
        SmsApi.start("acme", "lena@acme.example", number, "SMS", "en")
                .then().statusCode(503)
                .header("Retry-After", "1")
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/provider-busy"));
        // Nothing went out, so neither the cooldown nor the limits count it.
        SmsApi.start("acme", "lena@acme.example", number, "SMS", "en").then().statusCode(503);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(2);
    }

    @Test
    void aThrottledCallIsA503() {
        String number = "06" + TestNumbers.dutchMobile().substring(2, 6) + "0429";
        SmsApi.start("acme", "mark@acme.example", number, "VOICE", "en")
                .then().statusCode(503)
                .body("type", equalTo("https://tweestap.io/problems/provider-busy"));
    }

    @Test
    void aVonageErrorIsA502AndPublishesTheFailure() {
        String number = "06" + TestNumbers.dutchMobile().substring(2, 6) + "0500";
        SmsApi.start("acme", "nina@acme.example", number, "SMS", "en")
                .then().statusCode(502)
                .body("type", equalTo("https://tweestap.io/problems/provider-error"));
        SmsApi.start("acme", "nina@acme.example", number, "VOICE", "en")
                .then().statusCode(502);

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> r.key().equals("acme:nina@acme.example")
                    && r.value().contains("vonage-status-5"), EVENT_WAIT);
            SmsDeliveryFailed text = EventJson.read(record.value(), SmsDeliveryFailed.class);
            assertThat(text.maskedNumber()).isEqualTo("+31 6 ****0500");
            assertThat(text.channel()).isEqualTo("SMS");
            SmsDeliveryFailed call = EventJson.read(topic.await(r -> r.key().equals("acme:nina@acme.example")
                    && r.value().contains("vonage-http-500"), EVENT_WAIT).value(), SmsDeliveryFailed.class);
            assertThat(call.channel()).isEqualTo("VOICE");
        }
    }

    @Test
    void aFailedDeliveryReceiptPublishesSmsDeliveryFailedOnce() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "olaf@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        VonageSandbox.Sms sms = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0);

        Map<String, String> receipt = new HashMap<>(Map.of(
                "msisdn", TestNumbers.msisdn(number), "to", "Tweestap", "network-code", "20416",
                "messageId", "unknown-to-us", "status", "failed", "err-code", "6",
                "client-ref", sms.form().get("client-ref")));
        Map<String, String> signed = signed(receipt, SIGNATURE_SECRET);
        given().formParams(signed).when().post("/api/v1/vonage/delivery-receipts").then().statusCode(204);
        given().formParams(signed).when().post("/api/v1/vonage/delivery-receipts").then().statusCode(204);

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> verificationId.equals(
                    TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsDeliveryFailed.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            SmsDeliveryFailed failed = EventJson.read(record.value(), SmsDeliveryFailed.class);
            assertThat(failed.reason()).isEqualTo("failed (error 6)");
            assertThat(failed.channel()).isEqualTo("SMS");
            assertThat(failed.maskedNumber()).isEqualTo("+31 6 ****" + number.substring(6));
            // A second, later event for the same verification proves the duplicate receipt added nothing.
            SmsApi.check("acme", verificationId, SmsApi.wrong(sms.code())).then().statusCode(422);
            topic.await(r -> verificationId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsVerificationFailed.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            assertThat(topic.seen().stream().filter(r -> verificationId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsDeliveryFailed.v1".equals(TopicRecords.header(r, "ce_type"))).count())
                    .isEqualTo(1);
        }
    }

    /** As Vonage signs a callback: the parameters plus {@code timestamp} and {@code sig}. */
    static Map<String, String> signed(Map<String, String> receipt, String secret) {
        Map<String, String> signed = new HashMap<>(receipt);
        signed.putAll(RequestSigning.getSignatureForRequestParameters(new HashMap<>(receipt), secret, HashType.MD5));
        return signed;
    }

    @Test
    void anUnsignedOrForgedReceiptIsRefused() {
        Map<String, String> receipt = Map.of("messageId", "x", "status", "failed", "client-ref",
                java.util.UUID.randomUUID().toString());
        given().formParams(receipt).when().post("/api/v1/vonage/delivery-receipts")
                .then().statusCode(401)
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        Map<String, String> forged = signed(receipt, "not-the-secret");
        given().formParams(forged).when().post("/api/v1/vonage/delivery-receipts").then().statusCode(401);
    }

    @Test
    void aStaleOrTamperedReceiptIsRefused() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "laat@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        VonageSandbox.Sms sms = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0);
        Map<String, String> receipt = new HashMap<>(Map.of("msisdn", TestNumbers.msisdn(number),
                "messageId", "m-" + verificationId, "status", "failed", "err-code", "6",
                "client-ref", sms.form().get("client-ref")));

        // Signed six minutes ago: a captured receipt replayed later.
        Map<String, String> stale = new HashMap<>(receipt);
        stale.put("timestamp", Long.toString(java.time.Instant.now().minusSeconds(6 * 60).getEpochSecond()));
        stale.put("sig", md5Signature(stale, SIGNATURE_SECRET));
        given().formParams(stale).when().post("/api/v1/vonage/delivery-receipts").then().statusCode(401)
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        // Signed now, then changed.
        Map<String, String> tampered = signed(receipt, SIGNATURE_SECRET);
        tampered.put("status", "expired");
        given().formParams(tampered).when().post("/api/v1/vonage/delivery-receipts").then().statusCode(401);
        // The same receipt, signed now, is applied.
        given().formParams(signed(receipt, SIGNATURE_SECRET)).when().post("/api/v1/vonage/delivery-receipts")
                .then().statusCode(204);
    }

    /** Vonage's MD5 signature over the sorted parameters, made by hand with a timestamp of our choosing. */
    private static String md5Signature(Map<String, String> parameters, String secret) {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(parameters).forEach((name, value) -> text.append('&')
                .append(name.replaceAll("[=&]", "_")).append('=').append(value.replaceAll("[=&]", "_")));
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest((text + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
