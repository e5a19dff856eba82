package io.tweestap.challenge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.service.PushFallback;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.events.EventJson;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.notification.NotificationDelivered;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sign-in push no phone acknowledged falls back to a code by itself, in the tenant's order (decision 0104). */
@QuarkusTest
class PushFallbackTest {

    private WireMock sms;

    @Inject
    PushFallback fallbacks;

    @BeforeEach
    void connect() {
        sms = new WireMock("127.0.0.1", SmsServiceStandIn.port());
    }

    @Test
    void aPushNoPhoneAcknowledgedBecomesAnSmsCodeThatSignsIn() {
        String tenant = tenantFallingBack(5, "SMS", "VOICE");
        TestPhone device = TestPhone.verifiedFor(tenant, "anna");
        String phoneId = VerifiedPhones.register(tenant, "anna");
        String verificationId = stubCodes(phoneId, "SMS");

        String challengeId = new SignInPlatform(tenant).create(Map.of("userId", "anna", "purpose", "SIGN_IN", "language", "en"))
                .then().statusCode(201).body("method", equalTo("PUSH")).extract().path("challengeId");
        // The long-poll wakes when the code goes out, so the sign-in page can ask for it at once.
        new SignInPlatform(tenant).status(challengeId, 20).then().statusCode(200)
                .body("status", equalTo("PENDING")).body("fallbackMethod", equalTo("SMS"));
        sms.verifyThat(1, postRequestedFor(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .withHeader("Idempotency-Key", WireMock.equalTo(challengeId + ":fallback-SMS"))
                .withRequestBody(matchingJsonPath("$.channel", WireMock.equalTo("SMS")))
                .withRequestBody(matchingJsonPath("$.language", WireMock.equalTo("en")))
                .withRequestBody(matchingJsonPath("$.purpose", WireMock.equalTo("SIGN_IN"))));

        submit(tenant, challengeId, "12345678").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("decidedBy", equalTo("SMS")).body("deviceId", nullValue());
        device.listPending().then().statusCode(200).body("$", org.hamcrest.Matchers.empty());
        assertThat(EventJson.read(DecidedByTest.event(challengeId, "ChallengeApproved"), ChallengeApproved.class).decidedBy())
                .isEqualTo("SMS");
        assertThat(verificationId).isNotBlank();
    }

    @Test
    void theTenantsOrderIsTriedAndTheNextMethodTakesOverWhenTheFirstSendsNothing() {
        String tenant = tenantFallingBack(5, "VOICE", "SMS");
        TestPhone.verifiedFor(tenant, "bram");
        String phoneId = VerifiedPhones.register(tenant, "bram");
        String send = "/api/v1/phones/" + phoneId + "/verifications";
        sms.register(post(urlEqualTo(send)).atPriority(1).withRequestBody(matchingJsonPath("$.channel", WireMock.equalTo("VOICE")))
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://tweestap.io/problems/not-callable\",\"status\":422}")));
        stubCodes(phoneId, "SMS");

        String challengeId = new SignInPlatform(tenant).requestSignIn("bram").then().statusCode(201).extract().path("challengeId");
        new SignInPlatform(tenant).status(challengeId, 20).then().body("fallbackMethod", equalTo("SMS"));
        sms.verifyThat(1, postRequestedFor(urlEqualTo(send)).withRequestBody(matchingJsonPath("$.channel", WireMock.equalTo("VOICE"))));
        sms.verifyThat(1, postRequestedFor(urlEqualTo(send)).withRequestBody(matchingJsonPath("$.channel", WireMock.equalTo("SMS"))));
    }

    @Test
    void anAcknowledgedPushDoesNotFallBackAndThePhoneDecides() throws Exception {
        String tenant = tenantFallingBack(10, "SMS");
        TestPhone device = TestPhone.verifiedFor(tenant, "cees");
        String phoneId = VerifiedPhones.register(tenant, "cees");
        stubCodes(phoneId, "SMS");

        Response created = new SignInPlatform(tenant).requestSignIn("cees").then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new NotificationDelivered(tenant, "cees", Instant.now(), challengeId, device.deviceId, "direct", 40),
                    UUID.randomUUID().toString(), challengeId);
        }
        await().atMost(Duration.ofSeconds(9)).until(() -> acknowledged(challengeId));
        Thread.sleep(Duration.ofSeconds(12).toMillis());

        sms.verifyThat(0, postRequestedFor(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications")));
        new SignInPlatform(tenant).status(challengeId, 0).then().body("status", equalTo("PENDING")).body("fallbackMethod", nullValue());
        device.answer(challengeId, Decision.APPROVE, created.path("numberToShow")).then().statusCode(200);
        new SignInPlatform(tenant).status(challengeId, 0).then().body("status", equalTo("APPROVED")).body("decidedBy", equalTo("PUSH"));
    }

    @Test
    void onlyAPushWithAFallbackAwaitsItsDeliveryAndADeliveryNobodyAwaitsIsNotApplied() {
        String tenant = tenantFallingBack(30, "SMS");
        TestPhone device = TestPhone.verifiedFor(tenant, "eva");
        VerifiedPhones.register(tenant, "eva");
        String withFallback = new SignInPlatform(tenant).requestSignIn("eva").then().statusCode(201).extract().path("challengeId");
        assertThat(EventJson.read(DecidedByTest.event(withFallback, "ChallengeCreated"), ChallengeCreated.class).deliveryAwaited())
                .as("the creation of a push that falls back to a code").isTrue();
        String plainTenant = "no-fallback-" + UUID.randomUUID().toString().substring(0, 8);
        TestPhone.verifiedFor(plainTenant, "eva");
        String without = new SignInPlatform(plainTenant).requestSignIn("eva").then().statusCode(201).extract().path("challengeId");
        assertThat(EventJson.read(DecidedByTest.event(without, "ChallengeCreated"), ChallengeCreated.class).deliveryAwaited())
                .as("the creation of a push without a fallback").isFalse();

        // A delivery that says nobody awaits it is acknowledged without being applied: the one after it,
        // on the same partition, is the one whose time is recorded.
        Instant ignored = Instant.now().minusSeconds(5).truncatedTo(ChronoUnit.MICROS);
        Instant applied = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new NotificationDelivered(tenant, "eva", ignored, withFallback, device.deviceId, "direct", 40, false),
                    UUID.randomUUID().toString(), withFallback);
            publisher.publish(new NotificationDelivered(tenant, "eva", applied, withFallback, device.deviceId, "direct", 40, true),
                    UUID.randomUUID().toString(), withFallback);
        }
        await().atMost(Duration.ofSeconds(9)).until(() -> acknowledged(withFallback));
        assertThat(acknowledgedAt(withFallback)).isEqualTo(applied);
    }

    @Test
    void aDueFallbackIsTakenOnceHoweverManyInstancesRunAtOnce() throws Exception {
        String tenant = tenantFallingBack(50, "SMS");
        TestPhone.verifiedFor(tenant, "dirk");
        String phoneId = VerifiedPhones.register(tenant, "dirk");
        stubCodes(phoneId, "SMS");
        String challengeId = new SignInPlatform(tenant).requestSignIn("dirk").then().statusCode(201).extract().path("challengeId");
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE push_challenge SET fallback_due_at = now() - interval '1 second' WHERE id = :id")
                .setParameter("id", UUID.fromString(challengeId)).executeUpdate())));

        // Three instances' runs at once, and this application's own schedule besides.
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Integer>> runs = List.of(this::run, this::run, this::run);
            int taken = 0;
            for (Future<Integer> run : threads.invokeAll(runs)) {
                taken += run.get();
            }
            assertThat(taken).isLessThanOrEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
        new SignInPlatform(tenant).status(challengeId, 10).then().body("fallbackMethod", equalTo("SMS"));
        sms.verifyThat(1, postRequestedFor(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications")));
    }

    @Test
    void aFallbackOnlyToAllowedMethodsFromAnAllowedPushWithinItsBounds() {
        String tenant = "fallback-" + UUID.randomUUID().toString().substring(0, 8);
        for (Map<String, Object> wrong : List.of(
                policy(List.of("PUSH", "SMS"), Map.of("afterSeconds", 4, "order", List.of("SMS"))),
                policy(List.of("PUSH", "SMS"), Map.of("afterSeconds", 121, "order", List.of("SMS"))),
                policy(List.of("PUSH", "SMS"), Map.of("afterSeconds", 10, "order", List.of("VOICE"))),
                policy(List.of("PUSH", "SMS", "VOICE"), Map.of("afterSeconds", 10, "order", List.of("SMS", "SMS"))),
                policy(List.of("PUSH", "SMS"), Map.of("afterSeconds", 10, "order", List.of("PUSH"))),
                policy(List.of("PUSH", "SMS"), Map.of("afterSeconds", 10, "order", List.of())),
                policy(List.of("SMS", "VOICE"), Map.of("afterSeconds", 10, "order", List.of("SMS"))))) {
            put(tenant, wrong).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/invalid-request"));
        }
        given().auth().oauth2(TestTokens.forTenant(tenant, "challenge:admin")).when().get("/api/v1/sign-in-policy")
                .then().body("defaults", equalTo(true)).body("fallback", nullValue());
        put(tenant, policy(List.of("PUSH", "SMS", "VOICE"), Map.of("afterSeconds", 20, "order", List.of("VOICE", "SMS"))))
                .then().statusCode(200).body("fallback.afterSeconds", equalTo(20)).body("fallback.order", contains("VOICE", "SMS"));
    }

    private int run() {
        return OnVertx.await(() -> fallbacks.runDue());
    }

    private boolean acknowledged(String challengeId) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM push_challenge WHERE id = :id AND acknowledged_at IS NOT NULL", Long.class)
                .setParameter("id", UUID.fromString(challengeId)).getSingleResult()))) == 1L;
    }

    private Instant acknowledgedAt(String challengeId) {
        return OnVertx.<PushChallenge>await(() -> Panache.withSession(() -> PushChallenge.<PushChallenge>findById(
                UUID.fromString(challengeId)))).acknowledgedAt;
    }

    private String stubCodes(String phoneId, String channel) {
        String verificationId = UUID.randomUUID().toString();
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications")).atPriority(5)
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"phoneId\":\"" + phoneId
                                + "\",\"channel\":\"" + channel + "\",\"expiresAt\":\"" + Instant.now().plusSeconds(300) + "\"}")));
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));
        return verificationId;
    }

    private static String tenantFallingBack(int afterSeconds, String... order) {
        String tenant = "fallback-" + UUID.randomUUID().toString().substring(0, 8);
        put(tenant, policy(List.of("PUSH", "SMS", "VOICE"), Map.of("afterSeconds", afterSeconds, "order", List.of(order))))
                .then().statusCode(200);
        return tenant;
    }

    private static Map<String, Object> policy(List<String> methods, Map<String, Object> fallback) {
        return Map.of("methods", methods, "fallback", fallback);
    }

    private static Response put(String tenant, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "challenge:admin")).contentType(ContentType.JSON)
                .body(body).when().put("/api/v1/sign-in-policy");
    }

    private static Response submit(String tenant, String challengeId, String code) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "challenge:write")).contentType(ContentType.JSON)
                .body(Map.of("code", code)).when().post("/api/v1/challenges/{id}/sms-code", challengeId);
    }
}
