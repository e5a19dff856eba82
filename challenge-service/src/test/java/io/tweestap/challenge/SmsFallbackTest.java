package io.tweestap.challenge;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sign-in confirmed by an SMS code to the verified phone, with sms-service stood in at its REST contract. */
@QuarkusTest
class SmsFallbackTest {

    private final SignInPlatform acme = new SignInPlatform("acme");
    private WireMock sms;

    @BeforeEach
    void connect() {
        sms = new WireMock("127.0.0.1", SmsServiceStandIn.port());
    }

    @Test
    void aSignInIsApprovedWithTheCodeSentToTheVerifiedPhone() throws Exception {
        String user = newUser();
        String phoneId = registerPhone(user);
        String verificationId = UUID.randomUUID().toString();
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"phoneId\":\"" + phoneId
                                + "\",\"maskedNumber\":\"+31 6 ****5678\",\"channel\":\"SMS\"}")));
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .withRequestBody(matchingJsonPath("$.code", WireMock.equalTo("123456")))
                .atPriority(1)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .atPriority(5)
                .willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://tweestap.io/problems/wrong-code\",\"status\":422,\"attemptsLeft\":4}")));

        Response created = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS", "language", "en",
                "application", "Payroll")).then().statusCode(201)
                .body("method", equalTo("SMS"))
                .body("numberToShow", nullValue())
                .extract().response();
        String challengeId = created.path("challengeId");
        sms.verifyThat(postRequestedFor(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .withHeader("Authorization", WireMock.matching("Bearer .+"))
                .withRequestBody(matchingJsonPath("$.purpose", WireMock.equalTo("SIGN_IN")))
                .withRequestBody(matchingJsonPath("$.language", WireMock.equalTo("en")))
                .withRequestBody(matchingJsonPath("$.userId", WireMock.equalTo(user))));

        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> acme.status(challengeId, 25));
        submit(challengeId, "000000").then().statusCode(422)
                .contentType("application/problem+json").body("attemptsLeft", equalTo(4));
        submit(challengeId, "123456").then().statusCode(200).body("status", equalTo("APPROVED"));

        assertThat((String) poll.get(30, TimeUnit.SECONDS).path("status")).isEqualTo("APPROVED");
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.challenge.ChallengeApproved.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
            // Its creation is on the topic too, before the approval: method SMS, no devices (nothing is pushed).
            List<String> types = topic.seen().stream().filter(r -> challengeId.equals(TopicRecords.header(r, "ce_subject")))
                    .map(r -> TopicRecords.header(r, "ce_type")).toList();
            assertThat(types).containsExactly("tweestap.challenge.ChallengeCreated.v1", "tweestap.challenge.ChallengeApproved.v1");
            ChallengeCreated creation = EventJson.read(topic.seen().stream()
                    .filter(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))).findFirst().orElseThrow().value(),
                    ChallengeCreated.class);
            assertThat(creation.method()).isEqualTo(ChallengeCreated.SMS);
            assertThat(creation.pushed()).isFalse();
            assertThat(creation.deviceIds()).isEmpty();
            assertThat(creation.purpose()).isEqualTo("SIGN_IN");
        }
        submit(challengeId, "123456").then().statusCode(409);
    }

    @Test
    void aSendThatGotNoAnswerStaysPendingAndTheNextTryResumesItUnderTheSameKey() {
        String user = newUser();
        String phoneId = registerPhone(user);
        String send = "/api/v1/phones/" + phoneId + "/verifications";
        sms.register(post(urlEqualTo(send)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        // The code may have gone out before the connection broke: not withdrawn, and the caller is told to try again.
        String pending = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("type", equalTo("https://tweestap.io/problems/sms-send-unconfirmed"))
                .extract().path("pendingChallengeId");
        // Asked twice (the second time in case another instance can answer), then given up.
        sms.verifyThat(2, postRequestedFor(urlEqualTo(send)));
        acme.status(pending, 0).then().statusCode(200).body("status", equalTo("PENDING"));

        String verificationId = UUID.randomUUID().toString();
        sms.register(post(urlEqualTo(send)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"verificationId\":\"" + verificationId + "\"}")));
        // The retry is the same sign-in, its code asked for under the same key: sms-service texts it only if
        // the first never went out, so the person gets one code, never two for two sign-ins.
        acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(201)
                .body("challengeId", equalTo(pending));
        List<LoggedRequest> asked = sms.find(postRequestedFor(urlEqualTo(send)));
        assertThat(asked).hasSize(3)
                .allSatisfy(request -> assertThat(request.getHeader("Idempotency-Key")).isEqualTo(pending));
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            topic.await(r -> pending.equals(TopicRecords.header(r, "ce_subject")), Duration.ofSeconds(20));
            assertThat(topic.seen().stream().filter(r -> pending.equals(TopicRecords.header(r, "ce_subject")))
                    .map(r -> TopicRecords.header(r, "ce_type")).toList())
                    .containsExactly("tweestap.challenge.ChallengeCreated.v1");
        }
    }

    @Test
    void aCallAskedForAfterAnSmsThatGotNoAnswerWithdrawsThatSignIn() {
        String user = newUser();
        String phoneId = registerPhone(user);
        String send = "/api/v1/phones/" + phoneId + "/verifications";
        sms.register(post(urlEqualTo(send)).willReturn(aResponse().withStatus(504).withHeader("Content-Type", "text/html")
                .withBody("<html><body><h1>504 Gateway Time-out</h1></body></html>")));
        String bySms = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(503)
                .extract().path("pendingChallengeId");

        sms.register(post(urlEqualTo(send)).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"verificationId\":\"" + UUID.randomUUID() + "\"}")));
        // "Call me" instead: not 409 for a sign-in whose code nobody can type, not that sign-in under another channel.
        String byCall = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "VOICE")).then().statusCode(201)
                .extract().path("challengeId");

        assertThat(byCall).isNotEqualTo(bySms);
        acme.status(bySms, 0).then().body("status", equalTo("CANCELLED"));
        sms.verifyThat(postRequestedFor(urlEqualTo(send)).withHeader("Idempotency-Key", WireMock.equalTo(byCall))
                .withRequestBody(matchingJsonPath("$.channel", WireMock.equalTo("VOICE"))));
    }

    @Test
    void aSendWhoseInstanceDiedIsAskedAgainWithTheSameKeyAndTheSignInGoesOn() {
        String user = newUser();
        String phoneId = registerPhone(user);
        String send = "/api/v1/phones/" + phoneId + "/verifications";
        String verificationId = UUID.randomUUID().toString();
        // The balancer's own answer when the instance died under the request; then the other instance answers.
        sms.register(post(urlEqualTo(send)).inScenario("died").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html")
                        .withBody("<html><body><h1>502 Bad Gateway</h1></body></html>"))
                .willSetStateTo("answered"));
        sms.register(post(urlEqualTo(send)).inScenario("died").whenScenarioStateIs("answered")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\"}")));

        String challengeId = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS"))
                .then().statusCode(201).extract().path("challengeId");

        List<LoggedRequest> asked = sms.find(postRequestedFor(urlEqualTo(send)));
        assertThat(asked).hasSize(2);
        // Both carry the sign-in's id, so sms-service answers the second with what the first started.
        assertThat(asked).allSatisfy(request -> assertThat(request.getHeader("Idempotency-Key")).isEqualTo(challengeId));
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));
        submit(challengeId, "123456").then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aSignInWhoseCodeIsNotYetSentIsResumedByTheNextCreateUnderTheSameKey() throws Exception {
        String user = newUser();
        String phoneId = registerPhone(user);
        String send = "/api/v1/phones/" + phoneId + "/verifications";
        String verificationId = UUID.randomUUID().toString();
        // sms-service slow to answer (its database restarting): the sign-in is pending without its code meanwhile.
        sms.register(post(urlEqualTo(send)).willReturn(aResponse().withStatus(201).withFixedDelay(2000)
                .withHeader("Content-Type", "application/json").withBody("{\"verificationId\":\"" + verificationId + "\"}")));

        CompletableFuture<Response> first = CompletableFuture.supplyAsync(
                () -> acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sms.find(postRequestedFor(urlEqualTo(send))).size() == 1);
        // The page's second try (or the platform's retry after a lost answer) meets that sign-in, not a 409
        // with nothing to type: the same challenge, its code asked for under the same key.
        String again = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS"))
                .then().statusCode(201).extract().path("challengeId");
        String original = first.get(20, TimeUnit.SECONDS).then().statusCode(201).extract().path("challengeId");

        assertThat(again).isEqualTo(original);
        List<LoggedRequest> asked = sms.find(postRequestedFor(urlEqualTo(send)));
        assertThat(asked).hasSize(2)
                .allSatisfy(request -> assertThat(request.getHeader("Idempotency-Key")).isEqualTo(original));
        // With its code attached, it is the one pending code sign-in: a third create is refused.
        acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(409)
                .body("pendingChallengeId", equalTo(original));
        sms.verifyThat(2, postRequestedFor(urlEqualTo(send)));
    }

    @Test
    void aSendSmsServiceRefusedItselfIsNotAskedAgain() {
        String user = newUser();
        String phoneId = registerPhone(user);
        String send = "/api/v1/phones/" + phoneId + "/verifications";
        sms.register(post(urlEqualTo(send)).willReturn(aResponse().withStatus(502)
                .withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"https://tweestap.io/problems/vonage-refused\",\"status\":502}")));

        acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/sms-not-sent"));
        sms.verifyThat(1, postRequestedFor(urlEqualTo(send)));
    }

    @Test
    void aRightCodeWhoseApprovalWasNotRecordedApprovesWhenSubmittedAgain() {
        String verificationId = UUID.randomUUID().toString();
        // sms-service took the code on the first try, and then the database went away before the approval was
        // written here: the platform's second submit meets a verification that is already complete.
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .willReturn(aResponse().withStatus(409).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"https://tweestap.io/problems/already-verified\",\"status\":409}")));

        String challengeId = smsSignInWithItsCodeSent(verificationId);
        submit(challengeId, "123456").then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aCheckSmsServiceDidNotAnswerDecidesNothingAndTheNextSubmitDoes() {
        String verificationId = UUID.randomUUID().toString();
        String check = "/api/v1/phone-verifications/" + verificationId + "/check";
        sms.register(post(urlEqualTo(check)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")
                .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":503}")));
        String challengeId = smsSignInWithItsCodeSent(verificationId);

        // Not denied over sms-service's restart: the person's code was never judged.
        submit(challengeId, "123456").then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "1").body("type", equalTo("https://tweestap.io/problems/sms-check-unavailable"));
        acme.status(challengeId, 0).then().body("status", equalTo("PENDING"));
        sms.register(post(urlEqualTo(check)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        submit(challengeId, "123456").then().statusCode(503);
        acme.status(challengeId, 0).then().body("status", equalTo("PENDING"));

        sms.register(post(urlEqualTo(check)).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));
        submit(challengeId, "123456").then().statusCode(200).body("status", equalTo("APPROVED"));
    }

    @Test
    void aLockedCodeDeniesTheSignIn() {
        String verificationId = UUID.randomUUID().toString();
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "300")
                        .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":429}")));

        String challengeId = smsSignInWithItsCodeSent(verificationId);
        submit(challengeId, "999999").then().statusCode(410)
                .body("type", equalTo("https://tweestap.io/problems/sms-code-failed"));
        acme.status(challengeId, 0).then().body("status", equalTo("DENIED")).body("reason", equalTo("SMS_CODE_FAILED"));
    }

    @Test
    void sendLimitsAtSmsServiceReachThePlatformAndNoChallengeStaysOpen() {
        String user = newUser();
        String phoneId = registerPhone(user);
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "42")
                        .withHeader("Content-Type", "application/problem+json").withBody("{\"status\":429}")));

        acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(429)
                .header("Retry-After", "42")
                .body("type", equalTo("https://tweestap.io/problems/sms-limit"));
        // The challenge opened for the code is cancelled, and says so, after its creation.
        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            ConsumerRecord<String, String> cancelled = topic.await(r -> r.value().contains(user)
                    && "tweestap.challenge.ChallengeCancelled.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
            String challengeId = TopicRecords.header(cancelled, "ce_subject");
            assertThat(topic.seen().stream().filter(r -> challengeId.equals(TopicRecords.header(r, "ce_subject")))
                    .map(r -> TopicRecords.header(r, "ce_type")).toList())
                    .containsExactly("tweestap.challenge.ChallengeCreated.v1", "tweestap.challenge.ChallengeCancelled.v1");
        }
    }

    @Test
    void oneSmsCodeAtATime() {
        String user = newUser();
        String phoneId = registerPhone(user);
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + UUID.randomUUID() + "\"}")));

        String first = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS"))
                .then().statusCode(201).extract().path("challengeId");
        acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/challenge-pending"))
                .body("pendingChallengeId", equalTo(first));
        sms.verifyThat(1, postRequestedFor(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications")));

        acme.cancel(first).then().statusCode(200);
        acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(201);
    }

    @Test
    void anApprovedSmsSignInLiftsTheLimitOnPushesSinceTheLastSuccess() {
        String user = newUser();
        TestPhone device = TestPhone.verifiedFor("acme", user);
        for (int i = 0; i < 10; i++) {
            String id = acme.requestSignIn(user).then().statusCode(201).extract().path("challengeId");
            acme.cancel(id).then().statusCode(200);
            OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                    .createNativeQuery("UPDATE push_challenge SET created_at = created_at - interval '1 hour' WHERE user_id = :user")
                    .setParameter("user", user).executeUpdate())));
        }
        acme.requestSignIn(user).then().statusCode(429)
                .body("type", equalTo("https://tweestap.io/problems/unanswered-push-limit"));

        String phoneId = registerPhone(user);
        String verificationId = UUID.randomUUID().toString();
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\"}")));
        sms.register(post(urlEqualTo("/api/v1/phone-verifications/" + verificationId + "/check"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\",\"status\":\"VERIFIED\"}")));
        String smsSignIn = acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS"))
                .then().statusCode(201).extract().path("challengeId");
        submit(smsSignIn, "123456").then().statusCode(200).body("status", equalTo("APPROVED"));

        Response push = acme.requestSignIn(user).then().statusCode(201).extract().response();
        device.answer(push.path("challengeId"), io.tweestap.devicekeys.ChallengeAnswer.Decision.APPROVE, push.path("numberToShow"))
                .then().body("status", equalTo("APPROVED"));
    }

    @Test
    void aUserWithoutAVerifiedPhoneGetsAClearRefusal() {
        acme.create(Map.of("userId", newUser(), "purpose", "SIGN_IN", "method", "SMS")).then().statusCode(409)
                .body("type", equalTo("https://tweestap.io/problems/no-verified-phone"));
        acme.create(Map.of("userId", newUser(), "purpose", "ENROLLMENT_TEST", "deviceId", "d", "method", "SMS"))
                .then().statusCode(400);
    }

    @Test
    void aPushChallengeTakesNoSmsCode() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write")).contentType(ContentType.JSON)
                .body(Map.of("code", "123456"))
                .when().post("/api/v1/challenges/{id}/sms-code", UUID.randomUUID())
                .then().statusCode(404);
    }

    /** A pending SMS sign-in of a new user, whose code sms-service sent under {@code verificationId}. */
    private String smsSignInWithItsCodeSent(String verificationId) {
        String user = newUser();
        String phoneId = registerPhone(user);
        sms.register(post(urlEqualTo("/api/v1/phones/" + phoneId + "/verifications"))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody("{\"verificationId\":\"" + verificationId + "\"}")));
        return acme.create(Map.of("userId", user, "purpose", "SIGN_IN", "method", "SMS"))
                .then().statusCode(201).extract().path("challengeId");
    }

    private static String registerPhone(String user) {
        return VerifiedPhones.register("acme", user);
    }

    private static Response submit(String challengeId, String code) {
        return given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write")).contentType(ContentType.JSON)
                .body(Map.of("code", code))
                .when().post("/api/v1/challenges/{id}/sms-code", challengeId);
    }

    private static String newUser() {
        return "sms-" + UUID.randomUUID() + "@acme.example";
    }
}
