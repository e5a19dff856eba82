package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A device is registered when its key is bound and verified when its test push is approved.
 * challenge-service and notification-service trust a device for sign-ins only once they read its
 * {@code DeviceVerified} (issue 11 item 3), so it must come exactly once, with tenant, user and
 * device, on the user's key (in order with that device's DeviceRegistered and DeviceRemoved), and
 * never for an approval that is not this device's test push.
 */
@QuarkusTest
class DeviceVerificationTest {

    private static final Duration QUIET = Duration.ofSeconds(3);

    @Test
    void anApprovedTestPushVerifiesTheDeviceOnceWithWhatConsumersKeyOn() {
        String user = user("once");
        TestedDevice device = testedDevice(user);
        String deviceId = device.id();

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName());
                EventPublisher publisher = new EventPublisher()) {
            ChallengeApproved approval = new ChallengeApproved("acme", user, Instant.now(), device.testPush(),
                    "ENROLLMENT_TEST", deviceId);
            String eventId = UUID.randomUUID().toString();
            publisher.publish(approval, eventId, device.testPush());
            publisher.publish(approval, eventId, device.testPush());
            // The same approval under another event id (a producer retry after a lost ack, say).
            publisher.publish(approval, UUID.randomUUID().toString(), device.testPush());

            ConsumerRecord<String, String> record = topic.await(r -> isVerification(r, deviceId), Duration.ofSeconds(20));
            assertThat(record.key()).isEqualTo("acme:" + user);
            assertThat(TopicRecords.header(record, "ce_subject")).isEqualTo(deviceId);
            DeviceVerified verified = EventJson.read(record.value(), DeviceVerified.class);
            assertThat(verified.tenantId()).isEqualTo("acme");
            assertThat(verified.userId()).isEqualTo(user);
            assertThat(verified.deviceId()).isEqualTo(deviceId);
            assertThat(verified.challengeId()).isEqualTo(device.testPush());
            assertThat(verified.occurredAt()).isNotNull();

            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() ->
                    topic.seen().stream().filter(r -> isVerification(r, deviceId)).count() == 1);
        }
        methods(user).then().body("methods[0].status", equalTo("VERIFIED"));
    }

    @Test
    void anApprovalThatIsNotThisDevicesTestPushVerifiesNothing() {
        String user = user("not-a-test");
        TestedDevice device = testedDevice(user);
        String deviceId = device.id();
        String testPush = device.testPush();

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName());
                EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), testPush, "SIGN_IN", deviceId),
                    UUID.randomUUID().toString(), testPush);
            publisher.publish(new ChallengeApproved("globex", user, Instant.now(), testPush, "ENROLLMENT_TEST", deviceId),
                    UUID.randomUUID().toString(), testPush);
            publisher.publish(new ChallengeApproved("acme", user("someone-else"), Instant.now(), testPush, "ENROLLMENT_TEST",
                    deviceId), UUID.randomUUID().toString(), testPush);
            approvedAndSeen(publisher, topic, user, testedDevice(user));

            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() ->
                    topic.seen().stream().noneMatch(r -> isVerification(r, deviceId)));
        }
        methods(user).then().body("methods.find { it.methodId == '" + deviceId + "' }.status", equalTo("REGISTERED"));
    }

    @Test
    void anApprovalArrivingAfterTheResetVerifiesNothing() {
        String user = user("after-reset");
        TestedDevice device = testedDevice(user);
        String deviceId = device.id();
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:admin"))
                .post("/api/v1/users/{user}/registration/reset", user).then().statusCode(204);
        TestedDevice afterReset;

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName());
                EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), device.testPush(), "ENROLLMENT_TEST",
                    deviceId), UUID.randomUUID().toString(), device.testPush());
            afterReset = testedDevice(user);
            approvedAndSeen(publisher, topic, user, afterReset);

            await().during(QUIET).atMost(QUIET.plusSeconds(5)).until(() ->
                    topic.seen().stream().noneMatch(r -> isVerification(r, deviceId)));
        }
        methods(user).then().body("methods.methodId", equalTo(java.util.List.of(afterReset.id())));
    }

    /**
     * Any platform caller with challenge:write can create an ENROLLMENT_TEST challenge for any device
     * and learn its number (issue 11 item 3): approving that challenge from a device bound by a
     * shoulder-surfed QR code must not verify it. Only the push the user's wizard sent does.
     */
    @Test
    void onlyTheTestPushTheWizardSentVerifiesTheDevice() {
        String user = user("forged");
        TestedDevice device = testedDevice(user);
        String forged = UUID.randomUUID().toString();

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName());
                EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), forged, "ENROLLMENT_TEST", device.id()),
                    UUID.randomUUID().toString(), forged);
            approvedAndSeen(publisher, topic, user, testedDevice(user));

            assertThat(topic.seen()).noneMatch(r -> isVerification(r, device.id()));
            methods(user).then().body("methods.find { it.methodId == '" + device.id() + "' }.status", equalTo("REGISTERED"));

            // The wizard's own push still verifies it.
            approvedAndSeen(publisher, topic, user, device);
        }
        methods(user).then().body("methods.find { it.methodId == '" + device.id() + "' }.status", equalTo("VERIFIED"));
    }

    @Test
    void aSignInsEventsCostNoTransactionOnlyTheTestPushIsKeptInTheInbox() {
        String user = user("sign-in");
        TestedDevice device = testedDevice(user);
        String signIn = UUID.randomUUID().toString();
        String signInApproved = UUID.randomUUID().toString();
        String testPushApproved = UUID.randomUUID().toString();

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName());
                EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), signIn, "SIGN_IN", device.id()),
                    signInApproved, signIn);
            // The same user's key: the same partition, so once this one is applied the sign-in's was read.
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), device.testPush(), "ENROLLMENT_TEST",
                    device.id()), testPushApproved, device.testPush());
            topic.await(r -> isVerification(r, device.id()), Duration.ofSeconds(20));
        }
        assertThat(inboxRows(signInApproved)).isZero();
        assertThat(inboxRows(testPushApproved)).isEqualTo(1L);
    }

    private static long inboxRows(String eventId) {
        return OnVertx.<Long>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM inbox WHERE consumer = 'enrollment-service' AND event_id = :id", Long.class)
                .setParameter("id", eventId).getSingleResult())));
    }

    /**
     * A control: a test push approved after the events under test, on the same record key, so that
     * once its DeviceVerified is out the consumer has read the ones before it.
     */
    private static void approvedAndSeen(EventPublisher publisher, TopicRecords topic, String user, TestedDevice device) {
        publisher.publish(new ChallengeApproved("acme", user, Instant.now(), device.testPush(), "ENROLLMENT_TEST",
                device.id()), UUID.randomUUID().toString(), device.testPush());
        topic.await(r -> isVerification(r, device.id()), Duration.ofSeconds(20));
    }

    /** A device activated in its own wizard session, whose test step sent it the push {@code testPush}. */
    private record TestedDevice(String id, String testPush) {
    }

    private static TestedDevice testedDevice(String user) {
        String session = Journey.openWizard(Journey.link("acme", user));
        String deviceId = Journey.activate(Journey.activationCode(session), DeviceKeyPair.generate(), "verifying")
                .then().statusCode(201).extract().path("deviceId");
        return new TestedDevice(deviceId, Journey.testPushSent(session, deviceId));
    }

    private static io.restassured.response.Response methods(String user) {
        return given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", user);
    }

    private static boolean isVerification(ConsumerRecord<String, String> record, String deviceId) {
        return "tweestap.enrollment.DeviceVerified.v1".equals(TopicRecords.header(record, "ce_type"))
                && record.value().contains(deviceId);
    }

    private static String user(String what) {
        return "verify-" + what + "-" + UUID.randomUUID() + "@acme.example";
    }
}
