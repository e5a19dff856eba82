package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static io.tweestap.enrollment.MethodsPageCalls.COOKIE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.enrollment.service.OverdueMoves;
import io.tweestap.events.EventJson;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.challenge.ChallengeDenied;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.MoveAbandoned;
import io.tweestap.events.enrollment.MoveCoSigned;
import io.tweestap.events.enrollment.MoveCompleted;
import io.tweestap.events.enrollment.MoveRequested;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.TopicRecords;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Moving to a new phone with the old one at hand (issue 16 item 2, decision 0094): the saga through
 * the methods page, the new phone's activation, the old device's answer (challenge-service stood in by
 * WireMock for the ask and by its events on Kafka for the answer) and the sweep; its failure paths
 * leave the old device exactly as it was.
 */
@QuarkusTest
class DeviceMoveTest {

    private static final String ENROLLMENT_TEST = "ENROLLMENT_TEST";

    @Inject
    OverdueMoves overdueMoves;

    @Test
    void theOldPhoneApprovesAndTheNewOneTakesOver() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 400);
        MoveCalls.Started move = MoveCalls.start("acme", user, old);
        assertThat(MoveCalls.move(user, "status")).isEqualTo("REQUESTED");
        // The new phone's wizard hands its test step over to the move: the old device approves, not the new one.
        given().cookie(MoveCalls.WIZARD, move.wizard()).redirects().follow(false).when().get("/setup/test")
                .then().statusCode(303).header("Location", containsString("/setup/methods/move"));
        assertThat(MoveCalls.movePage(move.page())).contains("data-move-state=\"REQUESTED\"", "Step 1 of 2");

        String fresh = MoveCalls.newPhoneActivates(move.wizard());
        String challenge = MoveCalls.oldDeviceAsked(move.page(), user);
        assertThat(MoveCalls.movePage(move.page())).contains("Step 2 of 2", "id=\"move-number\">"
                + MoveCalls.move(user, "number_to_show") + "<", "Old phone", "New phone");
        new WireMock("127.0.0.1", Integer.getInteger(ServiceStandIns.PORT_PROPERTY)).verifyThat(
                WireMock.postRequestedFor(WireMock.urlEqualTo("/api/v1/challenges"))
                        .withRequestBody(WireMock.matchingJsonPath("$.deviceId", WireMock.equalTo(old)))
                        .withRequestBody(WireMock.matchingJsonPath("$.userId", WireMock.equalTo(user))));
        assertThat(MoveCalls.deviceRow(fresh)).contains("REGISTERED");

        try (TopicRecords topic = MoveCalls.enrollmentEvents(); EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), challenge, ENROLLMENT_TEST, old),
                    UUID.randomUUID().toString(), challenge);
            MoveCompleted completed = EventJson.read(MoveCalls.awaitEvent(topic, user, "MoveCompleted"), MoveCompleted.class);
            assertThat(completed.oldDeviceId()).isEqualTo(old);
            assertThat(completed.newDeviceId()).isEqualTo(fresh);
            MoveRequested requested = EventJson.read(MoveCalls.seen(topic, user, "MoveRequested").get(0), MoveRequested.class);
            assertThat(requested.moveId()).isEqualTo(completed.moveId());
            MoveCoSigned coSigned = EventJson.read(MoveCalls.seen(topic, user, "MoveCoSigned").get(0), MoveCoSigned.class);
            assertThat(coSigned.challengeId()).isEqualTo(challenge);
            assertThat(MoveCalls.seen(topic, user, "DeviceVerified")).singleElement().asString().contains(fresh);
            DeviceRemoved removed = EventJson.read(MoveCalls.seen(topic, user, "DeviceRemoved").get(0), DeviceRemoved.class);
            assertThat(removed.deviceId()).isEqualTo(old);
            assertThat(removed.reason()).isEqualTo("moved");
        }
        assertThat(MoveCalls.deviceRow(old)).isEqualTo("gone");
        assertThat(MoveCalls.deviceRow(fresh)).contains("VERIFIED");
        assertThat(MoveCalls.movePage(move.page())).contains("data-move-state=\"COMPLETED\"", "is now your authenticator");
        // Its wizard session issues no further activation code; it leads to the move page instead.
        given().cookie(MoveCalls.WIZARD, move.wizard()).redirects().follow(false).when().get("/setup/qr").then()
                .statusCode(303).header("Location", containsString("/setup/methods/move"));
        given().cookie(MoveCalls.WIZARD, move.wizard()).when().get("/setup/qr.png").then().statusCode(410);
    }

    @Test
    void theOldPhoneDeniesAndEverythingStaysAsItWas() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 400);
        String before = MoveCalls.deviceRow(old);
        MoveCalls.Started move = MoveCalls.start("acme", user, old);
        String fresh = MoveCalls.newPhoneActivates(move.wizard());
        String challenge = MoveCalls.oldDeviceAsked(move.page(), user);

        try (TopicRecords topic = MoveCalls.enrollmentEvents(); EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeDenied("acme", user, Instant.now(), challenge, ENROLLMENT_TEST, old, "USER_DENIED"),
                    UUID.randomUUID().toString(), challenge);
            MoveAbandoned abandoned = EventJson.read(MoveCalls.awaitEvent(topic, user, "MoveAbandoned"), MoveAbandoned.class);
            assertThat(abandoned.reason()).isEqualTo("denied");
            assertThat(abandoned.newDeviceId()).isEqualTo(fresh);
            DeviceRemoved removed = EventJson.read(MoveCalls.seen(topic, user, "DeviceRemoved").get(0), DeviceRemoved.class);
            assertThat(removed.deviceId()).isEqualTo(fresh);
            assertThat(removed.reason()).isEqualTo("move-abandoned");
            assertThat(MoveCalls.seen(topic, user, "DeviceVerified")).isEmpty();
            assertThat(MoveCalls.seen(topic, user, "MoveCompleted")).isEmpty();
        }
        assertThat(MoveCalls.deviceRow(old)).isEqualTo(before);
        assertThat(MoveCalls.deviceRow(fresh)).isEqualTo("gone");
        assertThat(MoveCalls.movePage(move.page())).contains("data-move-state=\"ABANDONED\"",
                "The request was denied on your old phone.", "Your old phone works as before.");
        // A wizard page still polling learns that its move ended, not that the registration was reset.
        given().cookie(MoveCalls.WIZARD, move.wizard()).header("Accept-Language", "en").when().get("/setup/status")
                .then().statusCode(200).body("error", org.hamcrest.Matchers.equalTo("SETUP_ENDED"))
                .body("message", containsString("This move to a new phone has ended"));
    }

    @Test
    void theOldPhoneNeverAnswersAndTheSweepAbandonsTheMoveOnce() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 400);
        String before = MoveCalls.deviceRow(old);
        MoveCalls.Started move = MoveCalls.start("acme", user, old);
        String fresh = MoveCalls.newPhoneActivates(move.wizard());
        String challenge = MoveCalls.oldDeviceAsked(move.page(), user);
        assertThat(MoveCalls.move(user, "extract(epoch from expires_at - requested_at)::int")).isEqualTo("600");

        // Not yet due: the sweep leaves it alone.
        overdueMoves.abandonOverdue(Instant.now()).await().atMost(Duration.ofSeconds(20));
        assertThat(MoveCalls.move(user, "status")).isEqualTo("AWAITING_OLD_DEVICE");
        Journey.sql("UPDATE device_move SET expires_at = now() - interval '1 second' WHERE user_id = '" + user + "'");
        try (TopicRecords topic = MoveCalls.enrollmentEvents(); EventPublisher publisher = new EventPublisher()) {
            // Two instances sweeping at once: the move is abandoned once.
            List<Integer> swept = List.of(overdueMoves.abandonOverdue(Instant.now()).subscribeAsCompletionStage(),
                            overdueMoves.abandonOverdue(Instant.now()).subscribeAsCompletionStage())
                    .stream().map(CompletableFuture::join).toList();
            assertThat(swept).contains(0);
            MoveAbandoned abandoned = EventJson.read(MoveCalls.awaitEvent(topic, user, "MoveAbandoned"), MoveAbandoned.class);
            assertThat(abandoned.reason()).isEqualTo("timed-out");
            // The old phone's question is withdrawn at challenge-service.
            new WireMock("127.0.0.1", Integer.getInteger(ServiceStandIns.PORT_PROPERTY)).verifyThat(1,
                    WireMock.postRequestedFor(WireMock.urlEqualTo("/api/v1/challenges/" + challenge + "/cancel")));

            // The old phone answers after all, too late: nothing moves.
            String late = UUID.randomUUID().toString();
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), challenge, ENROLLMENT_TEST, old), late,
                    challenge);
            await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(Journey.sqlText(
                    "SELECT count(*)::text FROM inbox WHERE consumer = 'enrollment-service' AND event_id = '" + late + "'")));
            assertThat(MoveCalls.seen(topic, user, "MoveAbandoned")).hasSize(1);
            assertThat(MoveCalls.seen(topic, user, "MoveCompleted")).isEmpty();
        }
        assertThat(MoveCalls.move(user, "status")).isEqualTo("ABANDONED");
        assertThat(MoveCalls.deviceRow(old)).isEqualTo(before);
        assertThat(MoveCalls.deviceRow(fresh)).isEqualTo("gone");
        assertThat(MoveCalls.movePage(move.page())).contains("It was not approved in time.");
    }

    @Test
    void startingTheSameMoveTwiceYieldsOneMove() throws Exception {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 400);
        String other = MethodsPageCalls.device("acme", user, "Tablet", 300);
        String page = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        String csrf = MethodsPageCalls.csrf(page);

        // Two tabs at the same moment: both get a wizard for the same move.
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> MoveCalls.startAgain(page, csrf, old));
        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> MoveCalls.startAgain(page, csrf, old));
        assertThat(first.get()).isNotNull();
        assertThat(second.get()).isNotNull().isNotEqualTo(first.get());
        assertThat(Journey.sqlText("SELECT count(*)::text FROM device_move WHERE user_id = '" + user + "'")).isEqualTo("1");
        assertThat(Journey.sqlText("SELECT count(DISTINCT move_id)::text FROM wizard_session WHERE user_id = '" + user
                + "' AND move_id IS NOT NULL")).isEqualTo("1");

        // A move from another device while this one is under way is refused, and says so.
        given().cookie(COOKIE, page).redirects().follow(false).header("Accept-Language", "en").formParam("csrf", csrf)
                .formParam("methodId", other).when().post("/setup/methods/move").then().statusCode(409)
                .body(containsString("A move to a new phone is already under way"));

        // Once the old device was asked, starting again shows the move instead of a new wizard.
        MoveCalls.newPhoneActivates(second.get());
        MoveCalls.oldDeviceAsked(page, user);
        given().cookie(COOKIE, page).redirects().follow(false).formParam("csrf", csrf).formParam("methodId", old)
                .when().post("/setup/methods/move").then().statusCode(303)
                .header("Location", containsString("/setup/methods/move"));
        assertThat(Journey.sqlText("SELECT count(*)::text FROM device_move WHERE user_id = '" + user + "'")).isEqualTo("1");
        try (TopicRecords topic = MoveCalls.enrollmentEvents()) {
            MoveCalls.awaitEvent(topic, user, "MoveRequested");
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() ->
                    MoveCalls.seen(topic, user, "MoveRequested").size() == 1);
        }
    }

    @Test
    void aResetDuringAMoveEndsTheMoveAtOnce() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 400);
        MoveCalls.Started move = MoveCalls.start("acme", user, old);
        try (TopicRecords topic = MoveCalls.enrollmentEvents()) {
            given().auth().oauth2(io.tweestap.testkit.TestTokens.forTenant("acme", "enrollment:admin"))
                    .when().post("/api/v1/users/{u}/registration/reset", user).then().statusCode(204);
            // The reset removed the old device: nothing is left to move from, so the move ends now, not at its timeout.
            MoveAbandoned abandoned = EventJson.read(MoveCalls.awaitEvent(topic, user, "MoveAbandoned"), MoveAbandoned.class);
            assertThat(abandoned.reason()).isEqualTo("old-device-gone");
        }
        assertThat(MoveCalls.move(user, "status || ':' || abandon_reason")).isEqualTo("ABANDONED:old-device-gone");
        // The move's wizard ended with it: no new phone can come in.
        given().cookie(MoveCalls.WIZARD, move.wizard()).redirects().follow(false).when().get("/setup/qr").then()
                .statusCode(303).header("Location", containsString("/setup/methods/move"));
    }

    @Test
    void blockingTheOldPhoneEndsTheMoveAndRemovesTheNewOne() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 400);
        MoveCalls.Started move = MoveCalls.start("acme", user, old);
        String fresh = MoveCalls.newPhoneActivates(move.wizard());
        given().auth().oauth2(io.tweestap.testkit.TestTokens.forTenant("acme", "enrollment:admin"))
                .contentType("application/json").body("{\"reason\":\"lost\"}")
                .when().put("/api/v1/users/{u}/methods/{m}/block", user, old).then().statusCode(200);
        // A blocked phone approves nothing, a move from it included: the move ends and its new phone goes.
        assertThat(MoveCalls.move(user, "status || ':' || abandon_reason")).isEqualTo("ABANDONED:old-device-gone");
        assertThat(MoveCalls.deviceRow(fresh)).isEqualTo("gone");
        assertThat(Journey.sqlText("SELECT block_reason FROM device WHERE id = '" + old + "'")).isEqualTo("lost");
    }

    /**
     * The saga lives in the database, not in an instance: rows as an instance that has since stopped
     * left them (a move waiting for its new phone, the phone already activated) are carried on by this
     * one, from the page's next look to the old device's approval.
     */
    @Test
    void aMoveLeftByAnotherInstanceIsCarriedOnFromTheDatabase() {
        String user = MethodsPageCalls.newUser();
        String old = MethodsPageCalls.device("acme", user, "Old phone", 400);
        MethodsPageCalls.phone("acme", user, "+31 6 ****5678");
        String enrollment = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        String moveId = UUID.randomUUID().toString();
        Journey.sql("INSERT INTO enrollment (id, tenant_id, user_id, status, created_at) VALUES ('" + enrollment
                + "', 'acme', '" + user + "', 'STARTED', now() - interval '3 minutes')");
        Journey.sql("INSERT INTO device (id, tenant_id, user_id, enrollment_id, name, platform, public_key, push_channels,"
                + " status, registered_at, registered_before_test_push_rule) VALUES ('" + fresh + "', 'acme', '" + user
                + "', '" + enrollment + "', 'New phone', 'web', 'key-" + fresh + "', '[]', 'REGISTERED',"
                + " now() - interval '1 minute', false)");
        Journey.sql("INSERT INTO device_move (id, tenant_id, user_id, old_device_id, enrollment_id, status, requested_at,"
                + " expires_at) VALUES ('" + moveId + "', 'acme', '" + user + "', '" + old + "', '" + enrollment
                + "', 'REQUESTED', now() - interval '3 minutes', now() + interval '7 minutes')");

        String page = MethodsPageCalls.open(MethodsPageCalls.link("acme", user, null));
        String challenge = MoveCalls.oldDeviceAsked(page, user);
        assertThat(MoveCalls.move(user, "new_device_id")).isEqualTo(fresh);
        try (TopicRecords topic = MoveCalls.enrollmentEvents(); EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), challenge, ENROLLMENT_TEST, old),
                    UUID.randomUUID().toString(), challenge);
            MoveCompleted completed = EventJson.read(MoveCalls.awaitEvent(topic, user, "MoveCompleted"), MoveCompleted.class);
            assertThat(completed.moveId()).isEqualTo(moveId);
        }
        assertThat(MoveCalls.deviceRow(old)).isEqualTo("gone");
        assertThat(MoveCalls.deviceRow(fresh)).contains("VERIFIED");
        assertThat(Journey.sqlText("SELECT status FROM enrollment WHERE id = '" + enrollment + "'")).isEqualTo("COMPLETED");
    }
}
