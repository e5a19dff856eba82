package io.tweestap.sms;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.sms.domain.CodeSend;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Vonage's call status events for "call me" codes, against calls the real SDK placed at the sandbox. */
@QuarkusTest
class VoiceEventsTest {

    private static final Duration EVENT_WAIT = Duration.ofSeconds(20);
    private static final String SIGNATURE_SECRET = "test-signature-secret";
    private static final String EVENT_URL = "https://sms.tweestap.test/api/v1/vonage/voice-events";
    private static final String DELIVERY_FAILED = "tweestap.sms.SmsDeliveryFailed.v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBusyCallIsReportedOnceAndWhatFollowsChangesNothing() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "bel@acme.example", number, "VOICE", "nl")
                .then().statusCode(201).extract().path("verificationId");
        VonageSandbox.VoiceCall call = VonageSandbox.callsTo(TestNumbers.msisdn(number)).get(0);
        assertThat(call.body().path("event_url").path(0).asText()).isEqualTo(EVENT_URL);
        assertThat(call.body().path("event_method").asText()).isEqualTo("POST");
        assertThat(call.uuid()).isNotBlank();

        for (String status : new String[] {"started", "ringing", "busy", "busy", "completed"}) {
            post(signed(event(call.uuid(), status, number), SIGNATURE_SECRET)).then().statusCode(204);
        }
        assertThat(sendOf(verificationId).status).isEqualTo(CodeSend.Status.UNDELIVERED);
        assertThat(sendOf(verificationId).failureReason).isEqualTo("voice-busy");

        try (TopicRecords topic = TopicRecords.of(Topic.SMS.topicName())) {
            ConsumerRecord<String, String> record = topic.await(r -> verificationId.equals(
                    TopicRecords.header(r, "ce_subject")) && DELIVERY_FAILED.equals(TopicRecords.header(r, "ce_type")),
                    EVENT_WAIT);
            SmsDeliveryFailed failed = EventJson.read(record.value(), SmsDeliveryFailed.class);
            assertThat(failed.reason()).isEqualTo("voice-busy");
            assertThat(failed.channel()).isEqualTo("VOICE");
            assertThat(failed.maskedNumber()).isEqualTo("+31 6 ****" + number.substring(6));
            // A later event of this verification proves the repeated "busy" added nothing.
            String code = call.code();
            SmsApi.check("acme", verificationId, SmsApi.wrong(code)).then().statusCode(422);
            topic.await(r -> verificationId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.sms.SmsVerificationFailed.v1".equals(TopicRecords.header(r, "ce_type")), EVENT_WAIT);
            assertThat(topic.seen().stream().filter(r -> verificationId.equals(TopicRecords.header(r, "ce_subject"))
                    && DELIVERY_FAILED.equals(TopicRecords.header(r, "ce_type")))).hasSize(1);
        }
    }

    @Test
    void anAnsweredCallIsDeliveredAndStaysSo() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "opnemer@acme.example", number, "VOICE", "en")
                .then().statusCode(201).extract().path("verificationId");
        String uuid = VonageSandbox.callsTo(TestNumbers.msisdn(number)).get(0).uuid();
        assertThat(sendOf(verificationId).status).isEqualTo(CodeSend.Status.SUBMITTED);

        post(signed(event(uuid, "answered", number), SIGNATURE_SECRET)).then().statusCode(204);
        assertThat(sendOf(verificationId).status).isEqualTo(CodeSend.Status.DELIVERED);
        post(signed(event(uuid, "failed", number), SIGNATURE_SECRET)).then().statusCode(204);
        post(signed(event(uuid, "completed", number), SIGNATURE_SECRET)).then().statusCode(204);
        assertThat(sendOf(verificationId).status).isEqualTo(CodeSend.Status.DELIVERED);
    }

    @Test
    void unsignedForgedAndTamperedEventsAreRefused() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "vals@acme.example", number, "VOICE", "en")
                .then().statusCode(201).extract().path("verificationId");
        String uuid = VonageSandbox.callsTo(TestNumbers.msisdn(number)).get(0).uuid();
        String busy = event(uuid, "busy", number);

        given().contentType("application/json").body(busy).when().post("/api/v1/vonage/voice-events")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        post(signed(busy, "not-the-secret")).then().statusCode(401)
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        // A genuine token for one body does not sign another.
        SignedEvent ringing = signed(event(uuid, "ringing", number), SIGNATURE_SECRET);
        post(new SignedEvent(busy, ringing.token())).then().statusCode(401);

        assertThat(sendOf(verificationId).status).isEqualTo(CodeSend.Status.SUBMITTED);
    }

    @Test
    void staleFutureAndUnboundTokensAreRefused() {
        String number = TestNumbers.dutchMobile();
        String verificationId = SmsApi.start("acme", "oud@acme.example", number, "VOICE", "en")
                .then().statusCode(201).extract().path("verificationId");
        String uuid = VonageSandbox.callsTo(TestNumbers.msisdn(number)).get(0).uuid();
        String busy = event(uuid, "busy", number);
        long now = Instant.now().getEpochSecond();

        // Signed six minutes ago: a captured event replayed later.
        post(signed(busy, SIGNATURE_SECRET, claims -> claims.put("iat", now - 6 * 60))).then().statusCode(401)
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        // Signed "in the future" beyond a little clock skew, or with no time at all.
        post(signed(busy, SIGNATURE_SECRET, claims -> claims.put("iat", now + 5 * 60))).then().statusCode(401);
        post(signed(busy, SIGNATURE_SECRET, claims -> claims.remove("iat"))).then().statusCode(401);
        // Without payload_hash the token would sign any body.
        post(signed(busy, SIGNATURE_SECRET, claims -> claims.remove("payload_hash"))).then().statusCode(401);
        assertThat(sendOf(verificationId).status).isEqualTo(CodeSend.Status.SUBMITTED);

        // A little skew either way is fine.
        post(signed(busy, SIGNATURE_SECRET, claims -> claims.put("iat", now - 4 * 60))).then().statusCode(204);
        assertThat(sendOf(verificationId).status).isEqualTo(CodeSend.Status.UNDELIVERED);
    }

    @Test
    void anEventForACallWeDidNotPlaceIsAcknowledged() {
        post(signed(event(UUID.randomUUID().toString(), "busy", TestNumbers.dutchMobile()), SIGNATURE_SECRET))
                .then().statusCode(204);
    }

    /** The body and the JWT Vonage sends with it. */
    record SignedEvent(String body, String token) {
    }

    static Response post(SignedEvent event) {
        return given().contentType("application/json").header("Authorization", "Bearer " + event.token())
                .body(event.body()).when().post("/api/v1/vonage/voice-events");
    }

    /** As Vonage posts it: compact JSON, the full numbers included. */
    static String event(String uuid, String status, String national) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("from", "31850000000");
        event.put("to", TestNumbers.msisdn(national));
        event.put("uuid", uuid);
        event.put("conversation_uuid", "CON-" + UUID.randomUUID());
        event.put("status", status);
        event.put("direction", "outbound");
        event.put("timestamp", Instant.now().toString());
        try {
            return JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HS256 JWT made by hand, as Vonage makes it, so the test does not trust the library under test. */
    static SignedEvent signed(String body, String secret) {
        return signed(body, secret, claims -> {
        });
    }

    /** As {@link #signed(String, String)}, with the claims changed before signing. */
    static SignedEvent signed(String body, String secret, java.util.function.Consumer<Map<String, Object>> change) {
        try {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("iat", Instant.now().getEpochSecond());
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("iss", "Vonage");
            claims.put("payload_hash", hash);
            claims.put("api_key", "sandbox");
            change.accept(claims);
            String unsigned = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + base64.encodeToString(JSON.writeValueAsBytes(claims));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return new SignedEvent(body, unsigned + "." + base64.encodeToString(
                    mac.doFinal(unsigned.getBytes(StandardCharsets.UTF_8))));
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CodeSend sendOf(String verificationId) {
        return OnVertx.await(() -> Panache.withSession(() -> CodeSend.<CodeSend>find(
                "verificationId = ?1 order by sentAt", UUID.fromString(verificationId)).firstResult()));
    }
}
