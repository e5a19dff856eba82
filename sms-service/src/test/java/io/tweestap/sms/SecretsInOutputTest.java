package io.tweestap.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.events.Topic;
import io.tweestap.testkit.TopicRecords;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** No full phone number and no code in any event this service produced or any line it logged. */
@QuarkusTest
class SecretsInOutputTest {

    @Test
    void eventsAndLogsCarryMaskedNumbersOnlyAndNoCodes() throws IOException {
        String smsNumber = TestNumbers.dutchMobile();
        String voiceNumber = TestNumbers.dutchMobile();
        String smsVerification = SmsApi.start("acme", "pia@acme.example", smsNumber, "SMS", "nl")
                .then().statusCode(201).extract().path("verificationId");
        String voiceVerification = SmsApi.start("acme", "quinten@acme.example", voiceNumber, "VOICE", "en")
                .then().statusCode(201).extract().path("verificationId");
        VonageSandbox.Sms sms = VonageSandbox.smsTo(TestNumbers.msisdn(smsNumber)).get(0);
        String smsCode = sms.code();
        // Vonage's receipt names the full number; neither the SDK's signature check nor we may log it.
        given().formParams(VonageAnswersTest.signed(Map.of("msisdn", TestNumbers.msisdn(smsNumber),
                        "status", "delivered", "messageId", "m-1", "client-ref", sms.form().get("client-ref")),
                        "test-signature-secret"))
                .when().post("/api/v1/vonage/delivery-receipts").then().statusCode(204);
        VonageSandbox.VoiceCall call = VonageSandbox.callsTo(TestNumbers.msisdn(voiceNumber)).get(0);
        String voiceCode = call.code();
        // Vonage's call events name the full number too.
        VoiceEventsTest.post(VoiceEventsTest.signed(VoiceEventsTest.event(call.uuid(), "answered", voiceNumber),
                "test-signature-secret")).then().statusCode(204);
        SmsApi.check("acme", smsVerification, SmsApi.wrong(smsCode)).then().statusCode(422);
        SmsApi.check("acme", smsVerification, smsCode).then().statusCode(200);
        SmsApi.check("acme", voiceVerification, voiceCode).then().statusCode(200);
        SmsApi.start("acme", "pia@acme.example", "0906 1234567", "SMS", "nl").then().statusCode(422);

        List<ConsumerRecord<String, String>> records;
        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            topic.await(r -> voiceVerification.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsVerified.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
            records = topic.seen();
        }
        Path logFile = Path.of("target/sms-service-test.log");
        String log = Files.readString(logFile);
        // The scan means something only if our own lines about these verifications are in the file.
        assertThat(log).contains(smsVerification).contains("+31 6 ****" + smsNumber.substring(6));

        List<String> everyCode = VonageSandbox.allCodes();
        assertThat(everyCode).contains(smsCode, voiceCode);
        for (String national : List.of(smsNumber, voiceNumber, "0906 1234567")) {
            String subscriber = national.replace(" ", "").substring(1);
            for (ConsumerRecord<String, String> record : records) {
                assertThat(record.value()).doesNotContain(subscriber);
                assertThat(record.key()).doesNotContain(subscriber);
            }
            assertThat(log).doesNotContain(subscriber);
        }
        for (String code : everyCode) {
            // A code as a value: quoted, after ':' '=' or a space, and ending there. Digits inside a
            // UUID ("-123456ab") or a timestamp's fraction (".123456Z") are not a code: with every code
            // of the test run checked against every event, they matched by chance now and then.
            Pattern standalone = Pattern.compile("(?<=[\"':= ])" + code + "(?=[\"',} \\n]|$)");
            for (ConsumerRecord<String, String> record : records) {
                assertThat(standalone.matcher(record.value()).find()).as("a code in an event").isFalse();
            }
            assertThat(standalone.matcher(log).find()).as("a code in the log").isFalse();
        }
    }
}
