package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeApproved;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.PhoneRegistered;
import io.tweestap.events.enrollment.PhoneRemoved;
import io.tweestap.events.enrollment.RegistrationReset;
import io.tweestap.events.sms.SmsVerified;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The platform's view of a user's registration: status, snoozes, policy, methods, default, reset. */
@QuarkusTest
class UserRegistrationTest {

    private static final String READ = "enrollment:read";
    private static final String WRITE = "enrollment:write";
    private static final String ADMIN = "enrollment:admin";

    @Test
    void aNewUserMaySnoozeUntilThePolicyEnforcesRegistration() {
        String tenant = "snooze-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).contentType(ContentType.JSON)
                .body("{\"snoozeDays\":7,\"maxSnoozes\":1,\"requireDevice\":true,\"requirePhone\":true}")
                .when().put("/api/v1/registration-policy").then().statusCode(200).body("maxSnoozes", equalTo(1));

        given().auth().oauth2(TestTokens.forTenant(tenant, READ))
                .when().get("/api/v1/users/{user}/registration", "ida@example.org")
                .then().statusCode(200)
                .body("standing", equalTo("REGISTRATION_REQUESTED"))
                .body("registrationRequired", equalTo(true))
                .body("canSnooze", equalTo(true))
                .body("methods", empty());
        given().auth().oauth2(TestTokens.forTenant(tenant, WRITE))
                .when().post("/api/v1/users/{user}/registration/snooze", "ida@example.org")
                .then().statusCode(200)
                .body("standing", equalTo("SNOOZED"))
                .body("registrationRequired", equalTo(false))
                .body("snoozedUntil", notNullValue());

        Journey.sql("UPDATE user_registration SET snoozed_until = now() - interval '1 second' WHERE tenant_id = '" + tenant + "'");
        given().auth().oauth2(TestTokens.forTenant(tenant, READ))
                .when().get("/api/v1/users/{user}/registration", "ida@example.org")
                .then().statusCode(200).body("standing", equalTo("REGISTRATION_ENFORCED")).body("canSnooze", equalTo(false));
        given().auth().oauth2(TestTokens.forTenant(tenant, WRITE))
                .when().post("/api/v1/users/{user}/registration/snooze", "ida@example.org")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/snooze-not-allowed"));
    }

    @Test
    void thePolicyHasDefaultsAndOnlyAdminsChangeItWithinBounds() {
        String tenant = "policy-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.forTenant(tenant, READ)).when().get("/api/v1/registration-policy")
                .then().statusCode(200)
                .body("snoozeDays", equalTo(14)).body("maxSnoozes", equalTo(3))
                .body("requireDevice", equalTo(true)).body("requirePhone", equalTo(true));
        given().auth().oauth2(TestTokens.forTenant(tenant, WRITE)).contentType(ContentType.JSON)
                .body("{\"snoozeDays\":1,\"maxSnoozes\":1,\"requireDevice\":true,\"requirePhone\":false}")
                .when().put("/api/v1/registration-policy").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).contentType(ContentType.JSON)
                .body("{\"snoozeDays\":365,\"maxSnoozes\":-1,\"requireDevice\":true}")
                .when().put("/api/v1/registration-policy").then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("snoozeDays"))
                .body("violations.field", hasItem("maxSnoozes"))
                .body("violations.field", hasItem("requirePhone"));
        given().auth().oauth2(TestTokens.forTenant(tenant, ADMIN)).contentType(ContentType.JSON)
                .body("{\"snoozeDays\":1,\"maxSnoozes\":1,\"requireDevice\":false,\"requirePhone\":false}")
                .when().put("/api/v1/registration-policy").then().statusCode(400);
    }

    @Test
    void approvedTestAndVerifiedPhoneCompleteTheRegistrationThenMethodsCanBeManagedAndReset() {
        String user = "jan-" + UUID.randomUUID() + "@acme.example";
        String session = Journey.openWizard(Journey.link("acme", user));
        String deviceId = Journey.activate(Journey.activationCode(session), DeviceKeyPair.generate(), "Jan's phone")
                .then().statusCode(201).extract().path("deviceId");

        // Only a verified method can be the default.
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE)).contentType(ContentType.JSON)
                .body("{\"methodId\":\"" + deviceId + "\"}")
                .when().put("/api/v1/users/{user}/default-method", user)
                .then().statusCode(409).body("type", equalTo("https://tweestap.io/problems/method-not-verified"));

        String testPush = Journey.testPushSent(session, deviceId);
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), testPush, "ENROLLMENT_TEST", deviceId),
                    UUID.randomUUID().toString(), testPush);
            // A sign-in approval is not a test: it verifies nothing here.
            publisher.publish(new ChallengeApproved("acme", user, Instant.now(), "c-2", "SIGN_IN", deviceId),
                    UUID.randomUUID().toString(), "c-2");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/users/{user}/methods", user)
                .then().body("methods[0].status", equalTo("VERIFIED")).body("methods[0].isDefault", equalTo(true)));

        // The phone step, as the wizard hands it to the sms stand-in; SmsVerified completes it.
        given().cookie("tweestap_setup", session).redirects().follow(false)
                .formParam("csrf", csrf(session)).formParam("region", "NL").formParam("number", "0612345678")
                .formParam("channel", "SMS")
                .when().post("/setup/phone").then().statusCode(303);
        String verificationId = Journey.sqlText("SELECT verification_id FROM phone_method WHERE user_id = '" + user + "'");
        try (EventPublisher publisher = new EventPublisher()) {
            SmsVerified verified = new SmsVerified("acme", user, Instant.now(), verificationId, "p-1",
                    ServiceStandIns.MASKED, "ENROLLMENT");
            String eventId = UUID.randomUUID().toString();
            publisher.publish(verified, eventId, verificationId);
            publisher.publish(verified, eventId, verificationId);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/users/{user}/registration", user)
                .then().body("standing", equalTo("REGISTERED")).body("methods.size()", equalTo(2)));
        String phoneMethod = given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/users/{user}/methods", user)
                .then().extract().path("methods.find { it.kind == 'PHONE' }.methodId");

        // Another tenant sees nothing and can change nothing.
        given().auth().oauth2(TestTokens.forTenant("globex", READ))
                .when().get("/api/v1/users/{user}/methods", user).then().statusCode(200).body("methods", empty());
        given().auth().oauth2(TestTokens.forTenant("globex", WRITE))
                .when().delete("/api/v1/users/{user}/methods/{id}", user, deviceId).then().statusCode(404);
        given().auth().oauth2(TestTokens.forTenant("globex", ADMIN))
                .when().post("/api/v1/users/{user}/registration/reset", user).then().statusCode(204);

        given().auth().oauth2(TestTokens.forTenant("acme", WRITE)).contentType(ContentType.JSON)
                .body("{\"methodId\":\"" + phoneMethod + "\"}")
                .when().put("/api/v1/users/{user}/default-method", user)
                .then().statusCode(200).body("methods.find { it.isDefault }.methodId", equalTo(phoneMethod));
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE)).contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/users/{user}/default-method", user)
                .then().statusCode(400).body("violations.field", hasItem("methodId"));

        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .when().delete("/api/v1/users/{user}/methods/{id}", user, deviceId).then().statusCode(204);
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .when().delete("/api/v1/users/{user}/methods/{id}", user, deviceId).then().statusCode(404);
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .when().post("/api/v1/users/{user}/registration/reset", user).then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN))
                .when().post("/api/v1/users/{user}/registration/reset", user).then().statusCode(204);
        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/users/{user}/registration", user)
                .then().body("standing", equalTo("REGISTRATION_REQUESTED")).body("methods", empty());

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            assertThat(topic.await(record -> has(record, user, "DeviceVerified"), Duration.ofSeconds(20))).isNotNull();
            ConsumerRecord<String, String> registered = topic.await(record -> has(record, user, "PhoneRegistered"), Duration.ofSeconds(20));
            assertThat(registered.value()).contains(ServiceStandIns.MASKED).doesNotContain("612345678");
            // The phone events name the user's phone method, the id the REST API and methods page use.
            assertThat(TopicRecords.header(registered, "ce_subject")).isEqualTo(phoneMethod);
            assertThat(EventJson.read(registered.value(), PhoneRegistered.class).methodId()).isEqualTo(phoneMethod);
            assertThat(topic.await(record -> has(record, user, "EnrollmentCompleted"), Duration.ofSeconds(20))).isNotNull();
            ConsumerRecord<String, String> removed = topic.await(record -> has(record, user, "DeviceRemoved"), Duration.ofSeconds(20));
            assertThat(EventJson.read(removed.value(), DeviceRemoved.class).reason()).isEqualTo("removed-by-platform");
            ConsumerRecord<String, String> phoneRemoved = topic.await(record -> has(record, user, "PhoneRemoved"), Duration.ofSeconds(20));
            assertThat(TopicRecords.header(phoneRemoved, "ce_subject")).isEqualTo(phoneMethod);
            assertThat(EventJson.read(phoneRemoved.value(), PhoneRemoved.class).methodId()).isEqualTo(phoneMethod);
            ConsumerRecord<String, String> reset = topic.await(record -> has(record, user, "RegistrationReset"), Duration.ofSeconds(20));
            assertThat(EventJson.read(reset.value(), RegistrationReset.class).resetBy()).isEqualTo("platform-test");
            assertThat(topic.seen().stream().filter(record -> has(record, user, "PhoneRegistered")).count())
                    .as("SmsVerified delivered twice registers the phone once").isEqualTo(1);
        }
    }

    @Test
    void everyUserEndpointNeedsItsScope() {
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .when().get("/api/v1/users/{user}/registration", "x").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().post("/api/v1/users/{user}/registration/snooze", "x").then().statusCode(403);
        given().when().get("/api/v1/users/{user}/methods", "x").then().statusCode(401);
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .when().delete("/api/v1/users/{user}/methods/{id}", "x", "not-a-uuid").then().statusCode(404);
    }

    private static boolean has(ConsumerRecord<String, String> record, String user, String type) {
        return record.key().equals("acme:" + user)
                && ("tweestap.enrollment." + type + ".v1").equals(TopicRecords.header(record, "ce_type"));
    }

    private static String csrf(String session) {
        return io.tweestap.enrollment.domain.SecretToken.hashOf("tweestap-csrf-v1:" + session);
    }
}
