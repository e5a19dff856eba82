package io.tweestap.challenge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.challenge.ChallengeRefused;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which methods a tenant's users may sign in with (decision 0103), set by its administrators only. */
@QuarkusTest
class SignInPolicyTest {

    private static final String POLICY = "/api/v1/sign-in-policy";
    private static final String ADMIN = "challenge:admin";

    private WireMock sms;

    @BeforeEach
    void connect() {
        sms = new WireMock("127.0.0.1", SmsServiceStandIn.port());
    }

    @Test
    void aPushSignInIsRefusedWhereOnlyCodesAreAllowedAndTheRefusalNamesWhatIs() {
        String tenant = newTenant();
        SignInPlatform platform = new SignInPlatform(tenant);
        set(tenant, "SMS", "VOICE").then().statusCode(200).body("methods", contains("SMS", "VOICE"))
                .body("defaults", equalTo(false)).body("updatedAt", notNullValue());
        TestPhone device = TestPhone.verifiedFor(tenant, "anna");

        platform.requestSignIn(device.userId).then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/method-not-allowed"))
                .body("allowedMethods", contains("SMS", "VOICE"));
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            ConsumerRecord<String, String> refused = topic.await(r -> r.key().equals(tenant + ":anna")
                    && "tweestap.challenge.ChallengeRefused.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
            assertThat(EventJson.read(refused.value(), ChallengeRefused.class).reason()).isEqualTo("METHOD_NOT_ALLOWED");
        }

        // A setup test push is no sign-in: a new device can still be tested.
        TestPhone added = TestPhone.registeredFor(tenant, "anna");
        platform.create(Map.of("userId", "anna", "purpose", "ENROLLMENT_TEST", "deviceId", added.deviceId)).then().statusCode(201);

        String phoneId = VerifiedPhones.register(tenant, "anna");
        stubSend(phoneId, UUID.randomUUID().toString(), null);
        platform.create(Map.of("userId", "anna", "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(201);
    }

    @Test
    void codesBySmsAndCallAreRefusedWherePushAloneIsAllowedAndNothingIsSent() {
        String tenant = newTenant();
        SignInPlatform platform = new SignInPlatform(tenant);
        set(tenant, "PUSH").then().statusCode(200);
        String phoneId = VerifiedPhones.register(tenant, "bram");
        stubSend(phoneId, UUID.randomUUID().toString(), null);

        for (String method : List.of("SMS", "VOICE")) {
            platform.create(Map.of("userId", "bram", "purpose", "SIGN_IN", "method", method)).then().statusCode(403)
                    .body("type", equalTo("https://tweestap.io/problems/method-not-allowed"))
                    .body("allowedMethods", contains("PUSH"));
        }
        sms.verifyThat(0, postRequestedFor(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications")));

        TestPhone device = TestPhone.verifiedFor(tenant, "bram");
        platform.requestSignIn(device.userId).then().statusCode(201);
    }

    @Test
    void aVoiceSignInIsACodeReadOutInACallAndLivesAsLongAsTheCode() {
        String tenant = newTenant();
        SignInPlatform platform = new SignInPlatform(tenant);
        String phoneId = VerifiedPhones.register(tenant, "cees");
        String verificationId = UUID.randomUUID().toString();
        Instant codeExpires = Instant.now().plus(Duration.ofMinutes(12)).truncatedTo(ChronoUnit.SECONDS);
        stubSend(phoneId, verificationId, codeExpires);
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));

        String challengeId = platform.create(Map.of("userId", "cees", "purpose", "SIGN_IN", "method", "VOICE", "language", "en"))
                .then().statusCode(201).body("method", equalTo("VOICE")).body("numberToShow", nullValue())
                .body("expiresAt", equalTo(codeExpires.toString()))
                .extract().path("challengeId");
        sms.verifyThat(postRequestedFor(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .withRequestBody(matchingJsonPath("$.channel", WireMock.equalTo("VOICE"))));
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            ConsumerRecord<String, String> created = topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.challenge.ChallengeCreated.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
            ChallengeCreated event = EventJson.read(created.value(), ChallengeCreated.class);
            assertThat(event.method()).isEqualTo("VOICE");
            assertThat(event.pushed()).isFalse();
            assertThat(event.deviceIds()).isEmpty();
        }
        given().auth().oauth2(TestTokens.forTenant(tenant, "challenge:write")).contentType(ContentType.JSON)
                .body(Map.of("code", "12345678")).when().post("/api/v1/challenges/{id}/sms-code", challengeId)
                .then().statusCode(200).body("status", equalTo("APPROVED")).body("method", equalTo("VOICE"));
    }

    @Test
    void anotherTenantIsNotHeldToThisPolicyAndCannotChangeIt() {
        String strict = newTenant();
        String other = newTenant();
        set(strict, "SMS").then().statusCode(200);

        get(other, ADMIN).then().statusCode(200).body("methods", contains("PUSH", "SMS", "VOICE"))
                .body("defaults", equalTo(true)).body("updatedAt", nullValue());
        TestPhone device = TestPhone.verifiedFor(other, "dirk");
        new SignInPlatform(other).requestSignIn(device.userId).then().statusCode(201);

        given().auth().oauth2(TestTokens.forTenant(other, ADMIN)).when().delete(POLICY).then().statusCode(204);
        get(strict, ADMIN).then().statusCode(200).body("methods", contains("SMS"));
    }

    @Test
    void policiesThatAreNotValidAreRefusedAndChangeNothing() {
        String tenant = newTenant();
        set(tenant, "PUSH", "SMS").then().statusCode(200);
        refused(tenant, Map.of("methods", List.of()));
        refused(tenant, Map.of("methods", List.of("EMAIL")));
        refused(tenant, Map.of("methods", List.of("PUSH", "PUSH")));
        refused(tenant, Map.of());
        get(tenant, ADMIN).then().statusCode(200).body("methods", contains("PUSH", "SMS"));
    }

    @Test
    void onlyTheTenantsAdministratorsReadSetOrResetIt() {
        String tenant = newTenant();
        for (Response answer : new Response[] {
                get(tenant, "challenge:write"),
                given().auth().oauth2(TestTokens.forTenant(tenant, "challenge:write")).contentType(ContentType.JSON)
                        .body(Map.of("methods", List.of("SMS"))).when().put(POLICY),
                given().auth().oauth2(TestTokens.forTenant(tenant, "challenge:read")).when().delete(POLICY)}) {
            answer.then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/insufficient-scope"));
        }
        given().when().get(POLICY).then().statusCode(401).contentType("application/problem+json");
        get(tenant, ADMIN).then().statusCode(200).body("defaults", equalTo(true));
    }

    @Test
    void resettingAllowsEveryMethodAgain() {
        String tenant = newTenant();
        set(tenant, "SMS").then().statusCode(200);
        given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).when().delete(POLICY).then().statusCode(204);
        TestPhone device = TestPhone.verifiedFor(tenant, "eva");
        new SignInPlatform(tenant).requestSignIn(device.userId).then().statusCode(201);
    }

    private void stubSend(String phoneId, String verificationId, Instant expiresAt) {
        String body = "{\"verificationId\":\"" + verificationId + "\",\"phoneId\":\"" + phoneId + "\""
                + (expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"") + "}";
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static void refused(String tenant, Map<String, ?> body) {
        given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).contentType(ContentType.JSON).body(body)
                .when().put(POLICY)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-request"));
    }

    private static Response set(String tenant, String... methods) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("methods", List.of(methods))).when().put(POLICY);
    }

    private static Response get(String tenant, String scope) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, scope)).when().get(POLICY);
    }

    private static String newTenant() {
        return "policy-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
