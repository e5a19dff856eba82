package io.tweestap.challenge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.events.Topic;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Push sign-in approval with number matching, against real Kafka, PostgreSQL and P-256 keys. */
@QuarkusTest
class PushChallengeTest {

    private final SignInPlatform acme = new SignInPlatform("acme");

    @Test
    void theUserApprovesWithTheNumberFromTheSignInScreen() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        Response created = acme.requestSignIn(phone.userId).then().statusCode(201)
                .header("Location", notNullValue())
                .body("status", equalTo("PENDING"))
                .extract().response();
        String challengeId = created.path("challengeId");
        String number = created.path("numberToShow");
        assertThat(number).hasSize(2).containsOnlyDigits();

        List<Map<String, Object>> pending = phone.listPending().then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(pending).singleElement().satisfies(push -> {
            assertThat(push).containsEntry("challengeId", challengeId)
                    .containsEntry("application", "Payroll")
                    .containsEntry("location", "Utrecht, NL")
                    .doesNotContainKey("numberToShow");
            assertThat(push.values()).doesNotContain(number);
        });

        phone.answer(challengeId, Decision.APPROVE, number).then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("reason", nullValue());
        acme.status(challengeId, 0).then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("deviceId", equalTo(phone.deviceId));

        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            ConsumerRecord<String, String> createdEvent = topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.challenge.ChallengeCreated.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
            assertThat(createdEvent.value()).contains(phone.deviceId).doesNotContain("\"number");
            // The push carries the nonce the answer signs, the same the signed list shows (decision 0097).
            assertThat(io.restassured.path.json.JsonPath.from(createdEvent.value()).getString("serverNonce"))
                    .isNotBlank().isEqualTo(pending.get(0).get("serverNonce"));
            topic.await(r -> challengeId.equals(TopicRecords.header(r, "ce_subject"))
                    && "tweestap.challenge.ChallengeApproved.v1".equals(TopicRecords.header(r, "ce_type")), Duration.ofSeconds(20));
        }
    }

    @Test
    void aWrongNumberDeniesTheChallenge() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        Response created = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String number = created.path("numberToShow");
        String wrong = number.equals("10") ? "11" : "10";

        phone.answer(created.path("challengeId"), Decision.APPROVE, wrong).then().statusCode(200)
                .body("status", equalTo("DENIED")).body("reason", equalTo("WRONG_NUMBER"));
        acme.status(created.path("challengeId"), 0).then().body("status", equalTo("DENIED"));
    }

    @Test
    void theUserDenies() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");

        phone.answer(challengeId, Decision.DENY, null).then().statusCode(200)
                .body("status", equalTo("DENIED")).body("reason", equalTo("USER_DENIED"));
    }

    @Test
    void aFraudReportBlocksPushesUntilAnAdministratorUnblocks() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");

        phone.answer(challengeId, Decision.REPORT_FRAUD, null).then().statusCode(200)
                .body("status", equalTo("DENIED")).body("reason", equalTo("FRAUD_REPORTED"));
        acme.requestSignIn(phone.userId).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/pushes-blocked"));

        acme.unblock(phone.userId).then().statusCode(200).body("wasBlocked", equalTo(true));
        acme.requestSignIn(phone.userId).then().statusCode(201);

        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            topic.await(r -> "tweestap.challenge.FraudReported.v1".equals(TopicRecords.header(r, "ce_type"))
                    && challengeId.equals(TopicRecords.header(r, "ce_subject")), Duration.ofSeconds(20));
            topic.await(r -> "tweestap.challenge.ChallengeRefused.v1".equals(TopicRecords.header(r, "ce_type"))
                    && r.value().contains(phone.userId) && r.value().contains("FRAUD_BLOCKED"), Duration.ofSeconds(20));
            topic.await(r -> "tweestap.challenge.PushesUnblocked.v1".equals(TopicRecords.header(r, "ce_type"))
                    && r.value().contains(phone.userId), Duration.ofSeconds(20));
        }
    }

    @Test
    void aChallengeNobodyAnswersExpiresOnItsOwn() {
        SignInPlatform quick = new SignInPlatform("quick-expiry");
        quick.setPolicy(3, 5).then().statusCode(200).body("numberLength", equalTo(3)).body("expirySeconds", equalTo(5));
        TestPhone phone = TestPhone.verifiedFor("quick-expiry", newUser());
        Response created = quick.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");
        assertThat((String) created.path("numberToShow")).hasSize(3);

        try (TopicRecords topic = TopicRecords.of(Topic.CHALLENGE.topicName())) {
            topic.await(r -> "tweestap.challenge.ChallengeExpired.v1".equals(TopicRecords.header(r, "ce_type"))
                    && challengeId.equals(TopicRecords.header(r, "ce_subject")), Duration.ofSeconds(30));
        }
        quick.status(challengeId, 0).then().body("status", equalTo("EXPIRED"));
        phone.listPending().then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void anAnswerCannotBeReplayedOrMovedToAnotherChallenge() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        Response first = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String firstId = first.path("challengeId");
        String firstNumber = first.path("numberToShow");
        String signature = phone.signAnswer(firstId, phone.serverNonceOf(firstId), Decision.APPROVE, firstNumber);
        phone.sendAnswer(firstId, Decision.APPROVE, firstNumber, signature).then().statusCode(200).body("status", equalTo("APPROVED"));

        phone.sendAnswer(firstId, Decision.APPROVE, firstNumber, signature).then().statusCode(409)
                .body("type", equalTo("https://tweestap.io/problems/challenge-not-pending"));

        Response second = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        phone.sendAnswer(second.path("challengeId"), Decision.APPROVE, firstNumber, signature).then().statusCode(401)
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        acme.status(second.path("challengeId"), 0).then().body("status", equalTo("PENDING"));
    }

    @Test
    void aSignedDeviceRequestCannotBeReplayed() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String nonce = UUID.randomUUID().toString();
        phone.listPending(nonce).then().statusCode(200);
        phone.listPending(nonce).then().statusCode(401).contentType("application/problem+json");
        given().when().get("/api/v1/devices/{id}/challenges", phone.deviceId).then().statusCode(401);
    }

    /** The same rule as notification-service's (device-keys' SignedRequestVerifier): the claimed device is the path's. */
    @Test
    void aSignedRequestWithoutItsDeviceHeaderOrNamingAnotherDeviceIsRefused() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String path = "/api/v1/devices/" + phone.deviceId + "/challenges";
        long now = Instant.now().getEpochSecond();
        for (String claimed : new String[] {null, UUID.randomUUID().toString()}) {
            String nonce = UUID.randomUUID().toString();
            var request = given()
                    .header(SignedRequest.TIMESTAMP_HEADER, Long.toString(now))
                    .header(SignedRequest.NONCE_HEADER, nonce)
                    .header(SignedRequest.SIGNATURE_HEADER,
                            phone.keys.sign(SignedRequest.of("GET", path, phone.deviceId, now, nonce, null).statement()));
            if (claimed != null) {
                request.header(SignedRequest.DEVICE_HEADER, claimed);
            }
            request.when().get(path).then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        }
        phone.listPending().then().statusCode(200);
    }

    @Test
    void anotherDevicesSignatureOrARemovedDeviceIsRefused() {
        String user = newUser();
        TestPhone phone = TestPhone.verifiedFor("acme", user);
        TestPhone otherUsersPhone = TestPhone.verifiedFor("acme", newUser());
        Response created = acme.requestSignIn(user).then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");
        String number = created.path("numberToShow");
        String nonce = phone.serverNonceOf(challengeId);

        // Signed by another key but presented as this phone.
        String forged = otherUsersPhone.keys.sign(new io.tweestap.devicekeys.ChallengeAnswer(challengeId, nonce, phone.deviceId,
                Decision.APPROVE, number).statement());
        phone.sendAnswer(challengeId, Decision.APPROVE, number, forged).then().statusCode(401);
        // Another user's device cannot answer this user's challenge at all.
        otherUsersPhone.sendAnswer(challengeId, Decision.APPROVE, number,
                otherUsersPhone.signAnswer(challengeId, nonce, Decision.APPROVE, number)).then().statusCode(404);

        String signature = phone.signAnswer(challengeId, nonce, Decision.APPROVE, number);
        phone.remove();
        phone.sendAnswer(challengeId, Decision.APPROVE, number, signature).then().statusCode(401)
                .body("type", equalTo("https://tweestap.io/problems/unknown-device"));
        phone.listPending().then().statusCode(401);
        acme.status(challengeId, 0).then().body("status", equalTo("PENDING"));
    }

    @Test
    void twoConcurrentAnswersHaveExactlyOneWinner() throws Exception {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        Response created = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");
        String number = created.path("numberToShow");
        String nonce = phone.serverNonceOf(challengeId);
        String approve = phone.signAnswer(challengeId, nonce, Decision.APPROVE, number);
        String deny = phone.signAnswer(challengeId, nonce, Decision.DENY, "");

        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> awaitThen(start,
                () -> phone.sendAnswer(challengeId, Decision.APPROVE, number, approve).statusCode()));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> awaitThen(start,
                () -> phone.sendAnswer(challengeId, Decision.DENY, "", deny).statusCode()));
        start.countDown();

        assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS))).containsExactlyInAnyOrder(200, 409);
    }

    @Test
    void pushBombingIsStoppedByTheLimit() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        for (int i = 0; i < 3; i++) {
            String id = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
            acme.cancel(id).then().statusCode(200).body("status", equalTo("CANCELLED"));
        }
        acme.requestSignIn(phone.userId).then().statusCode(429)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://tweestap.io/problems/push-limit"));
    }

    @Test
    void oneSignInAtATimeAndRepeatedDenialsPausePushes() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String first = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        acme.requestSignIn(phone.userId).then().statusCode(409)
                .body("type", equalTo("https://tweestap.io/problems/challenge-pending"))
                .body("pendingChallengeId", equalTo(first));
        phone.answer(first, Decision.DENY, null).then().statusCode(200);
        String second = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        phone.answer(second, Decision.DENY, null).then().statusCode(200);
        String third = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        phone.answer(third, Decision.DENY, null).then().statusCode(200);

        acme.requestSignIn(phone.userId).then().statusCode(429)
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://tweestap.io/problems/pushes-suppressed"));
    }

    @Test
    void aUserWithoutAnAuthenticatorGetsAClearRefusal() {
        acme.requestSignIn(newUser()).then().statusCode(409)
                .body("type", equalTo("https://tweestap.io/problems/no-active-device"));
    }

    @Test
    void anEnrollmentTestTargetsOnlyTheNewDeviceAndSkipsSignInLimits() {
        String user = newUser();
        TestPhone older = TestPhone.verifiedFor("acme", user);
        TestPhone newer = TestPhone.registeredFor("acme", user);
        String pendingSignIn = acme.requestSignIn(user).then().statusCode(201).extract().path("challengeId");

        Response test = acme.create(Map.of("userId", user, "purpose", "ENROLLMENT_TEST", "deviceId", newer.deviceId,
                "application", "Tweestap setup")).then().statusCode(201).extract().response();
        String testId = test.path("challengeId");
        assertThat(older.listPending().jsonPath().getList("challengeId", String.class)).containsExactly(pendingSignIn);
        newer.answer(testId, Decision.APPROVE, test.path("numberToShow")).then().body("status", equalTo("APPROVED"));

        acme.create(Map.of("userId", user, "purpose", "ENROLLMENT_TEST", "deviceId", UUID.randomUUID().toString()))
                .then().statusCode(409).body("type", equalTo("https://tweestap.io/problems/device-not-known-yet"));
        acme.create(Map.of("userId", user, "purpose", "ENROLLMENT_TEST")).then().statusCode(400)
                .body("violations.field", org.hamcrest.Matchers.hasItem("deviceId"));
    }

    @Test
    void aLongPollReturnsAsSoonAsTheDeviceAnswers() throws Exception {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        Response created = acme.requestSignIn(phone.userId).then().statusCode(201).extract().response();
        String challengeId = created.path("challengeId");

        CompletableFuture<Response> poll = CompletableFuture.supplyAsync(() -> acme.status(challengeId, 25));
        org.awaitility.Awaitility.await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !poll.isDone());
        phone.answer(challengeId, Decision.APPROVE, created.path("numberToShow")).then().statusCode(200);

        Response outcome = poll.get(10, TimeUnit.SECONDS);
        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat((String) outcome.path("status")).isEqualTo("APPROVED");
    }

    @Test
    void anotherTenantCannotSeeOrCancelAChallenge() {
        TestPhone phone = TestPhone.verifiedFor("acme", newUser());
        String challengeId = acme.requestSignIn(phone.userId).then().statusCode(201).extract().path("challengeId");
        SignInPlatform globex = new SignInPlatform("globex");

        globex.status(challengeId, 0).then().statusCode(404).contentType("application/problem+json");
        globex.cancel(challengeId).then().statusCode(404);
        globex.requestSignIn(phone.userId).then().statusCode(409)
                .body("type", equalTo("https://tweestap.io/problems/no-active-device"));
        acme.status(challengeId, 0).then().body("status", equalTo("PENDING"));
    }

    @Test
    void platformCallsNeedATokenWithTheRightScopeAndValidInput() {
        given().contentType(ContentType.JSON).body(Map.of("userId", "x", "purpose", "SIGN_IN"))
                .when().post("/api/v1/challenges").then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read"))
                .contentType(ContentType.JSON).body(Map.of("userId", "x", "purpose", "SIGN_IN"))
                .when().post("/api/v1/challenges").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write"))
                .contentType(ContentType.JSON).body(Map.of("userId", "x", "purpose", "TELEPATHY"))
                .when().post("/api/v1/challenges").then().statusCode(400).contentType("application/problem+json");
        acme.setPolicy(7, 60).then().statusCode(400).body("violations.field", org.hamcrest.Matchers.hasItem("numberLength"));
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read"))
                .queryParam("wait", 31).when().get("/api/v1/challenges/{id}", UUID.randomUUID())
                .then().statusCode(400);
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID() + "@acme.example";
    }

    private static <T> T awaitThen(CountDownLatch latch, java.util.function.Supplier<T> action) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return action.get();
    }
}
