package io.tweestap.challenge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.devicekeys.ChallengeAnswer;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A phone with a real P-256 key, registered (and verified, once its test push is approved) the way
 * enrollment-service announces devices.
 */
final class TestPhone {

    final String tenantId;
    final String userId;
    final String deviceId = UUID.randomUUID().toString();
    final DeviceKeyPair keys = DeviceKeyPair.generate();

    private TestPhone(String tenantId, String userId) {
        this.tenantId = tenantId;
        this.userId = userId;
    }

    static TestPhone registeredFor(String tenantId, String userId) {
        TestPhone phone = new TestPhone(tenantId, userId);
        phone.publishRegistered();
        phone.awaitKnown(true);
        return phone;
    }

    /** Registered and its test push approved: the state in which a phone gets sign-in challenges. */
    static TestPhone verifiedFor(String tenantId, String userId) {
        return registeredFor(tenantId, userId).verify();
    }

    /** enrollment-service's DeviceVerified for this phone, as after the test push was approved. */
    TestPhone verify() {
        publishVerified();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            KnownDevice device = OnVertx.await(() -> Panache.withSession(() -> KnownDevice.<KnownDevice>findById(deviceId)));
            return device != null && device.verifiedAt != null;
        });
        return this;
    }

    void publishVerified() {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceVerified(tenantId, userId, Instant.now(), deviceId, UUID.randomUUID().toString()),
                    UUID.randomUUID().toString(), deviceId);
        }
    }

    /** A phone whose registration has not been announced yet. */
    static TestPhone unannouncedFor(String tenantId, String userId) {
        return new TestPhone(tenantId, userId);
    }

    void publishRegistered() {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRegistered(tenantId, userId, Instant.now(), deviceId, UUID.randomUUID().toString(),
                    "Anna's phone", "android", keys.publicKeyBase64(), List.of(new PushChannel("direct", deviceId))),
                    UUID.randomUUID().toString(), deviceId);
        }
    }

    void remove() {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRemoved(tenantId, userId, Instant.now(), deviceId, "lost"),
                    UUID.randomUUID().toString(), deviceId);
        }
        awaitKnown(false);
    }

    /** enrollment-service's DeviceBlocked at {@code at}, as an administrator's block publishes it. */
    void publishBlocked(Instant at) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceBlocked(tenantId, userId, at, deviceId, "admin", "admin@acme.example"),
                    UUID.randomUUID().toString(), deviceId);
        }
    }

    void publishUnblocked(Instant at) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceUnblocked(tenantId, userId, at, deviceId, "admin@acme.example"),
                    UUID.randomUUID().toString(), deviceId);
        }
    }

    TestPhone block() {
        publishBlocked(Instant.now());
        awaitBlocked(true);
        return this;
    }

    TestPhone unblock() {
        publishUnblocked(Instant.now());
        awaitBlocked(false);
        return this;
    }

    void awaitBlocked(boolean blocked) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            KnownDevice device = OnVertx.await(() -> Panache.withSession(() -> KnownDevice.<KnownDevice>findById(deviceId)));
            return device != null && device.isBlocked() == blocked;
        });
    }

    void awaitKnown(boolean active) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            KnownDevice device = OnVertx.await(() -> Panache.withSession(() -> KnownDevice.<KnownDevice>findById(deviceId)));
            return device != null && device.active == active;
        });
    }

    /** GET of the pending list, signed with this phone's key and a fresh nonce. */
    Response listPending() {
        return listPending(UUID.randomUUID().toString());
    }

    Response listPending(String nonce) {
        String path = "/api/v1/devices/" + deviceId + "/challenges";
        long now = Instant.now().getEpochSecond();
        String signature = keys.sign(SignedRequest.of("GET", path, deviceId, now, nonce, null).statement());
        return given()
                .header(SignedRequest.DEVICE_HEADER, deviceId)
                .header(SignedRequest.TIMESTAMP_HEADER, Long.toString(now))
                .header(SignedRequest.NONCE_HEADER, nonce)
                .header(SignedRequest.SIGNATURE_HEADER, signature)
                .when().get(path);
    }

    /** The nonce comes from the pending list, as a real phone would take it. */
    String serverNonceOf(String challengeId) {
        List<Map<String, Object>> pending = listPending().then().statusCode(200).extract().jsonPath().getList("$");
        return pending.stream().filter(c -> challengeId.equals(c.get("challengeId")))
                .map(c -> (String) c.get("serverNonce")).findFirst()
                .orElseThrow(() -> new AssertionError("Challenge " + challengeId + " is not pending on this phone"));
    }

    Response answer(String challengeId, ChallengeAnswer.Decision decision, String typedNumber) {
        String signature = signAnswer(challengeId, serverNonceOf(challengeId), decision, typedNumber);
        return sendAnswer(challengeId, decision, typedNumber, signature);
    }

    String signAnswer(String challengeId, String serverNonce, ChallengeAnswer.Decision decision, String typedNumber) {
        return keys.sign(new ChallengeAnswer(challengeId, serverNonce, deviceId, decision, typedNumber).statement());
    }

    Response sendAnswer(String challengeId, ChallengeAnswer.Decision decision, String typedNumber, String signature) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("decision", decision.name(), "typedNumber", typedNumber == null ? "" : typedNumber, "signature", signature))
                .when().post("/api/v1/devices/{device}/challenges/{challenge}/answer", deviceId, challengeId);
    }
}
