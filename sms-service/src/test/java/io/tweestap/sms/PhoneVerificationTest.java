package io.tweestap.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.sms.SmsSent;
import io.tweestap.events.sms.SmsVerificationFailed;
import io.tweestap.events.sms.SmsVerified;
import io.tweestap.events.sms.VoiceCallPlaced;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Start, check and resend through the real Vonage SDK against the sandbox; events from Kafka. */
@QuarkusTest
class PhoneVerificationTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    @Inject
    TestClock clock;

    @Test
    void aDutchSmsCarriesTheCodeAndTheRightCodeVerifiesThePhone() {
        String number = TestNumbers.dutchMobile();
        String msisdn = TestNumbers.msisdn(number);
        var created = SmsApi.start("acme", "anna@acme.example", number, "SMS", "nl")
                .then().statusCode(201)
                .body("maskedNumber", equalTo("+31 6 ****" + number.substring(6)))
                .body("channel", equalTo("SMS"))
                .body("phoneId", notNullValue())
                .body("expiresAt", notNullValue())
                .body("resendAvailableAt", notNullValue())
                .extract();
        String verificationId = created.path("verificationId");

        List<VonageSandbox.Sms> sent = VonageSandbox.smsTo(msisdn);
        assertThat(sent).hasSize(1);
        VonageSandbox.Sms sms = sent.get(0);
        assertThat(sms.text()).matches("Uw Tweestap-code is \\d{6}\\. Deze code is 5 minuten geldig\\. Deel hem met niemand\\.");
        assertThat(sms.form()).containsEntry("from", "Tweestap").containsKey("client-ref");

        SmsApi.check("acme", verificationId, sms.code())
                .then().statusCode(200)
                .body("verificationId", equalTo(verificationId))
                .body("status", equalTo("VERIFIED"))
                .body("phoneId", equalTo(created.path("phoneId")))
                .body("maskedNumber", equalTo("+31 6 ****" + number.substring(6)));

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> sentRecord = topic.await(record -> verificationId.equals(
                    TopicRecords.header(record, "ce_subject"))
                    && "tweestap.sms.SmsSent.v1".equals(TopicRecords.header(record, "ce_type")), EVENT_WAIT);
            SmsSent smsSent = EventJson.read(sentRecord.value(), SmsSent.class);
            assertThat(sentRecord.key()).isEqualTo("acme:anna@acme.example");
            assertThat(smsSent.maskedNumber()).isEqualTo("+31 6 ****" + number.substring(6));
            assertThat(smsSent.purpose()).isEqualTo("ENROLLMENT");
            ConsumerRecord<String, String> verifiedRecord = topic.await(record -> verificationId.equals(
                    TopicRecords.header(record, "ce_subject"))
                    && "tweestap.sms.SmsVerified.v1".equals(TopicRecords.header(record, "ce_type")), EVENT_WAIT);
            SmsVerified verified = EventJson.read(verifiedRecord.value(), SmsVerified.class);
            assertThat(verified.phoneId()).isEqualTo(created.path("phoneId"));
        }
    }

    @Test
    void anEnglishVoiceCallReadsTheCodeAloud() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "bram@acme.example", number, "VOICE", "en")
                .then().statusCode(201).body("channel", equalTo("VOICE"))
                .extract().path("verificationId");

        List<VonageSandbox.VoiceCall> calls = VonageSandbox.callsTo(TestNumbers.msisdn(number));
        assertThat(calls).hasSize(1);
        VonageSandbox.VoiceCall call = calls.get(0);
        assertThat(call.authorization()).as("the SDK signs a JWT with the application key").startsWith("Bearer ey");
        assertThat(call.talk().path("action").asText()).isEqualTo("talk");
        assertThat(call.talk().path("language").asText()).isEqualTo("en-GB");
        assertThat(call.talk().path("text").asText())
                .matches("This is Tweestap\\. Your code is: (\\d, ){5}\\d\\. I repeat: (\\d, ){5}\\d\\.");
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).isEmpty();

        SmsApi.check("acme", verificationId, call.code()).then().statusCode(200).body("status", equalTo("VERIFIED"));
        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> verificationId.equals(
                    TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.VoiceCallPlaced.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            assertThat(EventJson.read(record.value(), VoiceCallPlaced.class).maskedNumber())
                    .isEqualTo("+31 6 ****" + number.substring(6));
        }
    }

    @Test
    void aDutchVoiceCallSpeaksDutch() {
        String number = TestNumbers.dutchMobile();
        SmsApi.start("acme", "cees@acme.example", number, "VOICE", "nl").then().statusCode(201);

        VonageSandbox.VoiceCall call = VonageSandbox.callsTo(TestNumbers.msisdn(number)).get(0);
        assertThat(call.talk().path("language").asText()).isEqualTo("nl-NL");
        assertThat(call.talk().path("text").asText()).startsWith("Dit is Tweestap. Uw code is: ");
    }

    @Test
    void wrongCodesCountDownUntilTheCodeIsLocked() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "dirk@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();

        for (int left = 4; left >= 0; left--) {
            SmsApi.check("acme", verificationId, SmsApi.wrong(code))
                    .then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/wrong-code"))
                    .body("attemptsLeft", equalTo(left));
        }
        // Even the right code no longer works: five guesses is all a code gets.
        SmsApi.check("acme", verificationId, code)
                .then().statusCode(429)
                .header("Retry-After", matchesPattern("\\d+"))
                .body("type", equalTo("https://tweestap.io/problems/code-locked"));

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> locked = topic.await(r -> verificationId.equals(
                    TopicRecords.header(r, "ce_subject")) && r.value().contains("\"locked\""), EVENT_WAIT);
            SmsVerificationFailed failed = EventJson.read(locked.value(), SmsVerificationFailed.class);
            assertThat(failed.attemptsLeft()).isZero();
            assertThat(topic.seen().stream().filter(r -> verificationId.equals(TopicRecords.header(r, "ce_subject")))
                    .filter(r -> r.value().contains("\"wrong-code\"")).count()).isEqualTo(5);
        }
    }

    @Test
    void aCodeExpiresAfterFiveMinutes() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "eva@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();

        clock.advance(Duration.ofMinutes(5));

        SmsApi.check("acme", verificationId, code)
                .then().statusCode(410)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/code-expired"));
    }

    @Test
    void aResendSendsANewCodeAndTheOldOneStopsWorking() {
        String number = TestNumbers.dutchMobile();
        String msisdn = TestNumbers.msisdn(number);
        String verificationId = SmsApi.start("acme", "fien@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String oldCode = VonageSandbox.smsTo(msisdn).get(0).code();

        clock.advance(Duration.ofSeconds(61));
        SmsApi.resend("acme", verificationId)
                .then().statusCode(202)
                .body("verificationId", equalTo(verificationId))
                .body("channel", equalTo("SMS"));
        List<VonageSandbox.Sms> sent = VonageSandbox.smsTo(msisdn);
        assertThat(sent).hasSize(2);
        String newCode = sent.get(1).code();
        assertThat(sent.get(1).text()).startsWith("Your Tweestap code is " + newCode);

        if (!newCode.equals(oldCode)) {
            SmsApi.check("acme", verificationId, oldCode).then().statusCode(422).body("attemptsLeft", equalTo(4));
        }
        SmsApi.check("acme", verificationId, newCode).then().statusCode(200).body("status", equalTo("VERIFIED"));
    }

    @Test
    void aRepeatedStartAnswersWithTheSameVerificationAndSendsOnce() {
        String number = TestNumbers.dutchMobile();
        String first = SmsApi.start("acme", "gijs@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");
        String second = SmsApi.start("acme", "gijs@acme.example", number, "SMS", "en")
                .then().statusCode(201).extract().path("verificationId");

        assertThat(second).isEqualTo(first);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(number))).hasSize(1);
    }

    @Test
    void aSignInCodeGoesToTheUsersVerifiedPhone() {
        String number = TestNumbers.dutchMobile();
        String msisdn = TestNumbers.msisdn(number);
        var created = SmsApi.start("acme", "hans@acme.example", number, "SMS", "en").then().statusCode(201).extract();
        String phoneId = created.path("phoneId");

        SmsApi.sendToPhone("acme", phoneId, "hans@acme.example", "SMS")
                .then().statusCode(409)
                .body("type", equalTo("https://tweestap.io/problems/phone-not-verified"));
        SmsApi.check("acme", created.path("verificationId"), VonageSandbox.smsTo(msisdn).get(0).code())
                .then().statusCode(200);

        clock.advance(Duration.ofSeconds(61));
        String signIn = SmsApi.sendToPhone("acme", phoneId, "hans@acme.example", "SMS")
                .then().statusCode(201)
                .body("phoneId", equalTo(phoneId))
                .body("maskedNumber", equalTo("+31 6 ****" + number.substring(6)))
                .extract().path("verificationId");
        List<VonageSandbox.Sms> sent = VonageSandbox.smsTo(msisdn);
        assertThat(sent).hasSize(2);
        SmsApi.check("acme", signIn, sent.get(1).code()).then().statusCode(200).body("status", equalTo("VERIFIED"));

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> signIn.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsVerified.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            assertThat(EventJson.read(record.value(), SmsVerified.class).purpose()).isEqualTo("SIGN_IN");
        }
        // Another user of the tenant cannot have codes sent to Hans's phone.
        SmsApi.sendToPhone("acme", phoneId, "mallory@acme.example", "SMS").then().statusCode(404);
    }

    @Test
    void anotherTenantCannotCheckResendOrUseAPhone() {
        String number = TestNumbers.dutchMobile();
        var created = SmsApi.start("acme", "ines@acme.example", number, "SMS", "en").then().statusCode(201).extract();
        String code = VonageSandbox.smsTo(TestNumbers.msisdn(number)).get(0).code();

        SmsApi.check("globex", created.path("verificationId"), code)
                .then().statusCode(404).contentType("application/problem+json");
        SmsApi.resend("globex", created.path("verificationId")).then().statusCode(404);
        SmsApi.sendToPhone("globex", created.path("phoneId"), "ines@acme.example", "SMS").then().statusCode(404);
        // The owner's code still has all its checks: the other tenant's attempts never reached it.
        SmsApi.check("acme", created.path("verificationId"), code).then().statusCode(200);
    }

    @Test
    void callsWithoutATokenOrWithoutTheScopeAreRefused() {
        Map<String, String> body = Map.of("userId", "x", "regionCode", "NL", "number", TestNumbers.dutchMobile(),
                "channel", "SMS", "language", "en", "purpose", "ENROLLMENT");
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/phone-verifications")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write")).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/phone-verifications")
                .then().statusCode(403)
                .body("type", equalTo("https://tweestap.io/problems/insufficient-scope"));
        given().auth().oauth2(TestTokens.forTenant("acme", "sms:read"))
                .when().post("/api/v1/phone-verifications/{id}/resend", java.util.UUID.randomUUID())
                .then().statusCode(403);
        assertThat(VonageSandbox.smsTo(TestNumbers.msisdn(body.get("number")))).isEmpty();
    }

    @Test
    void anInvalidRequestIsABadRequest() {
        SmsApi.start("acme", Map.of("userId", "x", "regionCode", "NL", "number", TestNumbers.dutchMobile(),
                        "channel", "FAX", "language", "de", "purpose", "ENROLLMENT"))
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-request"));
    }
}
