package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static io.tweestap.enrollment.AccessPassCalls.awaitEvent;
import static io.tweestap.enrollment.AccessPassCalls.isEvent;
import static io.tweestap.enrollment.AccessPassCalls.issue;
import static io.tweestap.enrollment.AccessPassCalls.passesOf;
import static io.tweestap.enrollment.AccessPassCalls.redeem;
import static io.tweestap.enrollment.AccessPassCalls.refused;
import static io.tweestap.enrollment.AccessPassCalls.revoke;
import static io.tweestap.enrollment.AccessPassCalls.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.TemporaryAccessPassIssued;
import io.tweestap.events.enrollment.TemporaryAccessPassRedeemed;
import io.tweestap.events.enrollment.TemporaryAccessPassRevoked;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Temporary access passes (issue 16 item 1, decision 0083): issued by the help desk, redeemed for
 * a setup wizard in which a new device is added, and refused when expired, used, another tenant's,
 * revoked, or guessed at too often.
 */
@QuarkusTest
class TemporaryAccessPassTest {

    private static final String CODE_SHAPE = "[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}";

    @Test
    void aPassOpensTheWizardWhereANewDeviceIsAdded() {
        String user = user("new-phone");
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            Response issued = issue("acme", user, Map.of());
            issued.then().statusCode(201).header("Location", notNullValue());
            String code = issued.path("code");
            String passId = issued.path("passId");
            assertThat(code).matches(CODE_SHAPE);
            assertThat(Duration.between(Instant.parse(issued.path("issuedAt")), Instant.parse(issued.path("expiresAt"))))
                    .isEqualTo(Duration.ofHours(1));
            assertThat(issued.<Boolean>path("oneTime")).isTrue();
            assertThat(issued.header("Location")).endsWith("/api/v1/users/" + user.replace("@", "%40") + "/temporary-access-passes/" + passId);

            // The user types it in lower case, without dashes, with O for 0 and I for 1: it still counts.
            Response redeemed = redeem("acme", user, code.toLowerCase().replace("-", " ").replace('0', 'o').replace('1', 'i'));
            redeemed.then().statusCode(201).body("passId", equalTo(passId));
            String session = Journey.openWizard(redeemed.path("link.url"));
            Journey.activate(Journey.activationCode(session), DeviceKeyPair.generate(), "new phone")
                    .then().statusCode(201).body("userId", equalTo(user));

            passesOf("acme", user).then().statusCode(200)
                    .body("passes[0].passId", equalTo(passId)).body("passes[0].status", equalTo("USED"))
                    .body("passes[0].redemptions", equalTo(1)).body("passes[0].issuedBy", equalTo("platform-test"))
                    .body("passes[0].code", org.hamcrest.Matchers.nullValue());

            TemporaryAccessPassIssued issuedEvent = EventJson.read(awaitEvent(topic, "TemporaryAccessPassIssued", passId)
                    .value(), TemporaryAccessPassIssued.class);
            assertThat(issuedEvent.issuedBy()).isEqualTo("platform-test");
            assertThat(issuedEvent.oneTime()).isTrue();
            assertThat(issuedEvent.expiresAt()).isEqualTo(Instant.parse(issued.path("expiresAt")));
            TemporaryAccessPassRedeemed redeemedEvent = EventJson.read(awaitEvent(topic, "TemporaryAccessPassRedeemed",
                    passId).value(), TemporaryAccessPassRedeemed.class);
            assertThat(redeemedEvent.enrollmentId()).isEqualTo(redeemed.path("enrollmentId"));
            assertThat(redeemedEvent.userId()).isEqualTo(user);
        }
    }

    @Test
    void anExpiredPassIsRefused() {
        String user = user("expired");
        Response issued = issue("acme", user, Map.of("lifetimeMinutes", 10));
        Journey.sql("UPDATE temporary_access_pass SET expires_at = now() - interval '1 second' WHERE id = '"
                + issued.path("passId") + "'");

        refused(redeem("acme", user, issued.path("code")));
        passesOf("acme", user).then().body("passes[0].status", equalTo("EXPIRED"));
    }

    @Test
    void aSingleUsePassIsRefusedTheSecondTime() {
        String user = user("twice");
        String code = issue("acme", user, Map.of()).path("code");

        redeem("acme", user, code).then().statusCode(201);
        refused(redeem("acme", user, code));
    }

    @Test
    void anotherTenantCannotRedeemOrSeeOrRevokeThePass() {
        String user = user("tenant");
        Response issued = issue("acme", user, Map.of());
        String code = issued.path("code");

        refused(redeem("globex", user, code));
        passesOf("globex", user).then().statusCode(200).body("passes.size()", equalTo(0));
        revoke("globex", user, issued.path("passId")).then().statusCode(404);

        redeem("acme", user, code).then().statusCode(201);
    }

    @Test
    void anotherUsersPassIsRefused() {
        String owner = user("owner");
        String code = issue("acme", owner, Map.of()).path("code");

        refused(redeem("acme", user("someone-else"), code));
        redeem("acme", owner, code).then().statusCode(201);
    }

    @Test
    void aRevokedPassIsRefused() {
        String user = user("revoked");
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            Response issued = issue("acme", user, Map.of());
            String passId = issued.path("passId");

            revoke("acme", user, passId).then().statusCode(204);
            refused(redeem("acme", user, issued.path("code")));
            revoke("acme", user, passId).then().statusCode(204);
            revoke("acme", user, UUID.randomUUID().toString()).then().statusCode(404)
                    .contentType("application/problem+json");

            passesOf("acme", user).then().body("passes[0].status", equalTo("REVOKED"))
                    .body("passes[0].revokedBy", equalTo("platform-test"));
            ConsumerRecord<String, String> event = awaitEvent(topic, "TemporaryAccessPassRevoked", passId);
            assertThat(EventJson.read(event.value(), TemporaryAccessPassRevoked.class).revokedBy()).isEqualTo("platform-test");
            assertThat(topic.seen().stream().filter(record -> isEvent(record, "TemporaryAccessPassRevoked", passId)))
                    .as("revoking twice publishes once").hasSize(1);
        }
    }

    @Test
    void ofRedemptionsOfASingleUsePassAtTheSameMomentExactlyOneWins() {
        String user = user("race");
        Response issued = issue("acme", user, Map.of());
        String code = issued.path("code");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> racing = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            racing.add(CompletableFuture.supplyAsync(() -> {
                awaitQuietly(go);
                return redeem("acme", user, code).statusCode();
            }));
        }
        go.countDown();
        List<Integer> statuses = racing.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).as("answers %s", statuses).containsOnlyOnce(201);
        // Losers are failed attempts; once five have failed the rest find the user locked.
        assertThat(statuses).filteredOn(status -> status != 201).allMatch(status -> status == 422 || status == 429);
        assertThat(Journey.sqlText("SELECT redemptions::text FROM temporary_access_pass WHERE id = '"
                + issued.path("passId") + "'")).isEqualTo("1");
        assertThat(Journey.sqlText("SELECT count(*)::text FROM enrollment WHERE user_id = '" + user + "'")).isEqualTo("1");
    }

    @Test
    void guessingLocksTheUsersRedemptionsUntilTheLockoutEnds() {
        String user = user("guess");
        String code = issue("acme", user, Map.of()).path("code");

        for (int i = 0; i < 5; i++) {
            refused(redeem("acme", user, "ABCD-EFGH-JKMN-PQRS-TVWX-YZ0" + i));
        }
        redeem("acme", user, code).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("type", equalTo("https://tweestap.io/problems/temporary-access-pass-locked"));
        String neighbour = user("neighbour");
        redeem("acme", neighbour, issue("acme", neighbour, Map.of()).path("code")).then().statusCode(201);

        Journey.sql("UPDATE access_pass_failures SET locked_until = now() - interval '1 second' WHERE user_id = '" + user + "'");
        redeem("acme", user, code).then().statusCode(201);
        assertThat(Journey.sqlText("SELECT count(*)::text FROM access_pass_failures WHERE user_id = '" + user + "'"))
                .as("a pass that worked ends the count").isEqualTo("0");
    }

    @Test
    void aReusablePassOpensTheWizardAgainWhereTheTenantAllowsIt() {
        String user = user("reuse");
        String code = issue("globex", user, Map.of("oneTime", false)).path("code");

        redeem("globex", user, code).then().statusCode(201);
        redeem("globex", user, code).then().statusCode(201);
        passesOf("globex", user).then().body("passes[0].status", equalTo("ACTIVE")).body("passes[0].redemptions", equalTo(2));

        issue("acme", user, Map.of("oneTime", false)).then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("oneTime"));
    }

    @Test
    void theLifetimeStaysWithinTheTenantsLimits() {
        String user = user("lifetime");
        for (int minutes : new int[] {9, 481, 0, -5}) {
            issue("acme", user, Map.of("lifetimeMinutes", minutes)).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/invalid-request"))
                    .body("violations.field", hasItem("lifetimeMinutes"));
        }
        issue("acme", user, Map.of("lifetimeMinutes", 10)).then().statusCode(201);
        issue("acme", user, Map.of("lifetimeMinutes", 480)).then().statusCode(201);
        issue("initech", user, Map.of("lifetimeMinutes", 121)).then().statusCode(400);
        Response clamped = issue("initech", user, Map.of());
        assertThat(Duration.between(Instant.parse(clamped.path("issuedAt")), Instant.parse(clamped.path("expiresAt"))))
                .as("the tenant's default (3 h) kept within its maximum (2 h)").isEqualTo(Duration.ofHours(2));
        assertThat(Journey.sqlText("SELECT count(*)::text FROM temporary_access_pass WHERE user_id = '" + user + "'"))
                .as("nothing stored for a refused request").isEqualTo("3");
    }

    @Test
    void badRequestsAreProblems() {
        String admin = TestTokens.forTenant("acme", "enrollment:admin");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("{\"lifetimeMinutes\":\"soon\"}")
                .when().post("/api/v1/users/{user}/temporary-access-passes", user("bad"))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).contentType(ContentType.JSON).body("not json")
                .when().post("/api/v1/users/{user}/temporary-access-passes", user("bad"))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).when().post("/api/v1/users/{user}/temporary-access-passes", "u".repeat(257))
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(admin).when().post("/api/v1/users/{user}/temporary-access-passes", user("no-body"))
                .then().statusCode(201);
        String write = TestTokens.forTenant("acme", "enrollment:write");
        given().auth().oauth2(write).contentType(ContentType.JSON).body(Map.of("userId", user("blank"), "code", " "))
                .when().post("/api/v1/temporary-access-passes/redemptions")
                .then().statusCode(400).contentType("application/problem+json").body("violations.field", hasItem("code"));
        given().auth().oauth2(write).contentType(ContentType.JSON).body(Map.of("code", "ABCD"))
                .when().post("/api/v1/temporary-access-passes/redemptions")
                .then().statusCode(400).body("violations.field", hasItem("userId"));
        given().auth().oauth2(write).contentType(ContentType.JSON)
                .body(Map.of("userId", user("url"), "code", "ABCD", "returnUrl", "javascript:alert(1)"))
                .when().post("/api/v1/temporary-access-passes/redemptions")
                .then().statusCode(400).body("violations.field", hasItem("returnUrl"));
    }

    @Test
    void onlyAnAdministratorIssuesListsAndRevokesAndOnlyThePlatformRedeems() {
        String user = user("scopes");
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write"))
                .when().post("/api/v1/users/{user}/temporary-access-passes", user)
                .then().statusCode(403).body("requiredScopes", hasItem("enrollment:admin"));
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/temporary-access-passes", user).then().statusCode(403);
        String code = issue("acme", user, Map.of()).path("code");
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read")).contentType(ContentType.JSON)
                .body(Map.of("userId", user, "code", code))
                .when().post("/api/v1/temporary-access-passes/redemptions").then().statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("userId", user, "code", code))
                .when().post("/api/v1/temporary-access-passes/redemptions").then().statusCode(401);
        redeem("acme", user, code).then().statusCode(201);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
