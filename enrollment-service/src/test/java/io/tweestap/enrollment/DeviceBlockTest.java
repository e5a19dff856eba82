package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An administrator blocks and unblocks a device without removing it (issue 16 item 4, decision 0089):
 * scope, tenant, the methods list, and one event per change however often it is asked.
 */
@QuarkusTest
class DeviceBlockTest {

    private static final String ADMIN = "enrollment:admin";
    private static final String BLOCK = "/api/v1/users/{user}/methods/{id}/block";

    @Test
    void blockingTwicePublishesOnceAndTheMethodsListSaysSoUntilTheUnblock() {
        String user = newUser();
        String deviceId = deviceOf(user);

        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN)).contentType(ContentType.JSON).body("{\"reason\":\"lost\"}")
                .when().put(BLOCK, user, deviceId).then().statusCode(200)
                .body("methods[0].methodId", equalTo(deviceId))
                .body("methods[0].blocked", equalTo(true))
                .body("methods[0].blockedAt", notNullValue());
        String firstBlockedAt = given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", user).then().statusCode(200)
                .body("methods[0].blocked", equalTo(true)).extract().path("methods[0].blockedAt");
        // The second block changes nothing: same time, no second event.
        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN)).contentType(ContentType.JSON).body("{\"reason\":\"suspicious\"}")
                .when().put(BLOCK, user, deviceId).then().statusCode(200)
                .body("methods[0].blocked", equalTo(true)).body("methods[0].blockedAt", equalTo(firstBlockedAt));

        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN))
                .when().delete(BLOCK, user, deviceId).then().statusCode(200)
                .body("methods[0].blocked", equalTo(false)).body("methods[0].blockedAt", nullValue());
        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN))
                .when().delete(BLOCK, user, deviceId).then().statusCode(200).body("methods[0].blocked", equalTo(false));
        // Blocked again after the unblock: a change, so an event again; no body means reason admin.
        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN))
                .when().put(BLOCK, user, deviceId).then().statusCode(200).body("methods[0].blocked", equalTo(true));

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            // The last change is on the topic, so everything committed before it is too (one partition per user).
            topic.await(record -> has(record, user, "DeviceBlocked") && record.value().contains("\"admin\""), Duration.ofSeconds(20));
            List<ConsumerRecord<String, String>> changes = topic.seen().stream()
                    .filter(record -> has(record, user, "DeviceBlocked") || has(record, user, "DeviceUnblocked")).toList();
            assertThat(changes).extracting(record -> TopicRecords.header(record, "ce_type")).containsExactly(
                    "tweestap.enrollment.DeviceBlocked.v1", "tweestap.enrollment.DeviceUnblocked.v1",
                    "tweestap.enrollment.DeviceBlocked.v1");
            DeviceBlocked blocked = EventJson.read(changes.get(0).value(), DeviceBlocked.class);
            assertThat(blocked.deviceId()).isEqualTo(deviceId);
            assertThat(blocked.reason()).isEqualTo("lost");
            assertThat(blocked.blockedBy()).isEqualTo("platform-test");
            assertThat(TopicRecords.header(changes.get(0), "ce_subject")).isEqualTo(deviceId);
            DeviceUnblocked unblocked = EventJson.read(changes.get(1).value(), DeviceUnblocked.class);
            assertThat(unblocked.deviceId()).isEqualTo(deviceId);
            assertThat(unblocked.unblockedBy()).isEqualTo("platform-test");
            assertThat(EventJson.read(changes.get(2).value(), DeviceBlocked.class).reason()).isEqualTo("admin");
        }
    }

    @Test
    void onlyAdministratorsBlockAndUnblock() {
        String user = newUser();
        String deviceId = deviceOf(user);
        for (String scope : List.of("enrollment:write", "enrollment:read")) {
            given().auth().oauth2(TestTokens.forTenant("acme", scope))
                    .when().put(BLOCK, user, deviceId).then().statusCode(403);
            given().auth().oauth2(TestTokens.forTenant("acme", scope))
                    .when().delete(BLOCK, user, deviceId).then().statusCode(403);
        }
        given().when().put(BLOCK, user, deviceId).then().statusCode(401);
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", user).then().statusCode(200)
                .body("methods[0].blocked", equalTo(false));
    }

    @Test
    void anotherTenantsOrAnUnknownDeviceIsNotFoundAndAnUnknownReasonIsBadInput() {
        String user = newUser();
        String deviceId = deviceOf(user);

        given().auth().oauth2(TestTokens.forTenant("globex", ADMIN))
                .when().put(BLOCK, user, deviceId).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant("globex", ADMIN))
                .when().delete(BLOCK, user, deviceId).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN))
                .when().put(BLOCK, user, UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN))
                .when().put(BLOCK, "someone-else@acme.example", deviceId).then().statusCode(404);
        given().auth().oauth2(TestTokens.forTenant("acme", ADMIN)).contentType(ContentType.JSON).body("{\"reason\":\"bored\"}")
                .when().put(BLOCK, user, deviceId).then().statusCode(400).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", user).then().statusCode(200)
                .body("methods[0].blocked", equalTo(false));
    }

    private static String deviceOf(String user) {
        String session = Journey.openWizard(Journey.link("acme", user));
        return Journey.activate(Journey.activationCode(session), DeviceKeyPair.generate(), "Noor's phone")
                .then().statusCode(201).extract().path("deviceId");
    }

    private static boolean has(ConsumerRecord<String, String> record, String user, String type) {
        return record.key().equals("acme:" + user)
                && ("tweestap.enrollment." + type + ".v1").equals(TopicRecords.header(record, "ce_type"));
    }

    private static String newUser() {
        return "noor-" + UUID.randomUUID() + "@acme.example";
    }
}
