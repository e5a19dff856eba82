package io.tweestap.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.Topic;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.EventPublisher;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TopicRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * APNs and FCM tokens change: the device replaces its own with a signed call, and pushes go to the
 * new one. Only the device itself may do it, what it sends is checked first, and an older
 * registration event does not bring the old token back.
 */
@QuarkusTest
class ProviderTokenTest {

    @Test
    void aDeviceReplacesItsFcmTokenAndTheNextPushGoesToTheNewOne() throws Exception {
        String old = "fcm-old-" + UUID.randomUUID();
        String renewed = "fcm-new-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "fcm-token-" + UUID.randomUUID()).register(new PushChannel("fcm", old));

        put(phone, "fcm", token(renewed)).then().statusCode(204);
        assertThat(phone.activeChannels()).containsExactly("fcm:" + renewed);
        assertThat(setBy(phone.deviceId, "fcm")).isEqualTo("device");

        try (TopicRecords outcomes = TopicRecords.of(Topic.NOTIFICATION.topicName())) {
            ChallengeCreated challenge = Challenges.publishFor(phone);
            assertThat(Challenges.awaitOutcome(outcomes, Challenges.DELIVERED, challenge).get("channel").asText()).isEqualTo("fcm");
        }
        assertThat(PushProviderStandIns.received("fcm", renewed)).hasSize(1);
        assertThat(PushProviderStandIns.received("fcm", old)).isEmpty();
    }

    @Test
    void aDeviceReplacesItsApnsTokenAlsoAfterAppleRefusedTheOldOne() {
        String refused = apnsToken("bad");
        String renewed = apnsToken("a");
        Phone phone = new Phone("acme", "apns-token-" + UUID.randomUUID()).register(new PushChannel("apns", refused));
        sql("UPDATE device_channel SET active = false, deactivated_at = now(), deactivated_reason = 'invalid-token'"
                + " WHERE device_id = :id", phone.deviceId);
        assertThat(phone.activeChannels()).isEmpty();

        put(phone, "apns", token(renewed)).then().statusCode(204);
        assertThat(phone.activeChannels()).containsExactly("apns:" + renewed);

        // The same token again is accepted and changes nothing.
        put(phone, "apns", token(renewed)).then().statusCode(204);
        assertThat(phone.activeChannels()).containsExactly("apns:" + renewed);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "apns | not hex                | {\"token\":\"" + "zz" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd\"} | token",
        "apns | an odd number of digits| {\"token\":\"" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0\"} | token",
        "apns | too short              | {\"token\":\"0123456789abcdef\"}                        | token",
        "apns | an FCM token           | {\"token\":\"fcm-0123456789-0123456789-0123456789:xyz\"} | token",
        "fcm  | a space                | {\"token\":\"fcm 0123456789 0123456789 0123456789 xyz\"} | token",
        "fcm  | a quote and a slash    | {\"token\":\"fcm/0123456789\\\"0123456789-0123456789-xyz\"} | token",
        "fcm  | too short              | {\"token\":\"fcm-0123\"}                               | token",
        "fcm  | not a string           | {\"token\":12345678901234567890123456789012345}       | token",
        "fcm  | no token               | {\"address\":\"fcm-0123456789-0123456789-0123456789\"}  | token",
        "fcm  | not JSON               | token=fcm-0123456789-0123456789-0123456789            | body",
        "fcm  | an array               | [\"fcm-0123456789-0123456789-0123456789\"]              | body",
    })
    void aTokenThatNoProviderWouldTakeIsRefusedWithAProblem(String kind, String why, String body, String field) {
        String before = kind.equals("apns") ? apnsToken("a") : "fcm-before-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "bad-token-" + UUID.randomUUID()).register(new PushChannel(kind, before));

        put(phone, kind, body).then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-push-token"))
                .body("violations[0].field", equalTo(field));
        assertThat(phone.activeChannels()).as(why).containsExactly(kind + ":" + before);
    }

    @Test
    void anFcmTokenLongerThan1024CharactersIsRefused() {
        Phone phone = new Phone("acme", "long-token-" + UUID.randomUUID()).register();

        put(phone, "fcm", token("f".repeat(1025))).then().statusCode(400).body("violations[0].field", equalTo("token"));
        put(phone, "fcm", token("f".repeat(1024))).then().statusCode(204);
    }

    @Test
    void onlyTheDeviceItselfMayChangeItsToken() {
        String own = "fcm-own-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "token-owner-" + UUID.randomUUID()).register(new PushChannel("fcm", own));
        Phone other = new Phone("acme", "token-other-" + UUID.randomUUID()).register();
        String hijack = token("fcm-attacker-" + UUID.randomUUID());
        byte[] body = hijack.getBytes(StandardCharsets.UTF_8);
        String path = path(phone.deviceId, "fcm");
        long now = Instant.now().getEpochSecond();

        // unsigned
        given().contentType("application/json").body(body).when().put(path).then().statusCode(401)
                .header("WWW-Authenticate", "Tweestap-Signature").contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        // another device's key, claiming to be this device
        refused(path, body, WebPushCalls.headers(other.keys, phone.deviceId, "PUT", path, body, now, nonce()));
        // another device signing as itself, for this device's path
        refused(path, body, WebPushCalls.headers(other.keys, other.deviceId, "PUT", path, body, now, nonce()));
        // stale
        refused(path, body, WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", path, body, now - 600, nonce()));
        // signed for another body
        refused(path, body, WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", path,
                token("fcm-other-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8), now, nonce()));
        // signed for the other kind's path
        refused(path, body, WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", path(phone.deviceId, "apns"), body, now, nonce()));
        // a key nobody registered
        refused(path, body, WebPushCalls.headers(DeviceKeyPair.generate(), phone.deviceId, "PUT", path, body, now, nonce()));

        assertThat(phone.activeChannels()).containsExactly("fcm:" + own);
    }

    @Test
    void aSignedRequestIsTakenOnce() {
        Phone phone = new Phone("acme", "token-replay-" + UUID.randomUUID()).register();
        String first = "fcm-first-" + UUID.randomUUID();
        byte[] body = token(first).getBytes(StandardCharsets.UTF_8);
        String path = path(phone.deviceId, "fcm");
        Map<String, String> headers = WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", path, body,
                Instant.now().getEpochSecond(), nonce());

        given().headers(headers).contentType("application/json").body(body).when().put(path).then().statusCode(204);
        put(phone, "fcm", token("fcm-second-" + UUID.randomUUID())).then().statusCode(204);
        refused(path, body, headers);
        assertThat(phone.activeChannels()).noneMatch(channel -> channel.equals("fcm:" + first));
    }

    @Test
    void anUnknownDeviceIsToldToTryAgainAndARemovedOneIsRefused() {
        Phone notYet = new Phone("acme", "token-not-yet-" + UUID.randomUUID());
        put(notYet, "apns", token(apnsToken("a"))).then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://tweestap.io/problems/device-not-known-yet"));

        Phone removed = new Phone("acme", "token-removed-" + UUID.randomUUID()).register();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRemoved(removed.tenantId, removed.userId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    removed.deviceId, "user"), UUID.randomUUID().toString(), removed.deviceId);
        }
        await().until(() -> !removed.activeInDirectory());
        put(removed, "fcm", token("fcm-late-" + UUID.randomUUID())).then().statusCode(401)
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        assertThat(removed.activeChannels()).isEmpty();
    }

    /** A DeviceRegistered that happened before the device's own change keeps the device's token; a later one wins. */
    @Test
    void anOlderRegistrationDoesNotBringTheOldTokenBack() {
        String old = "fcm-old-" + UUID.randomUUID();
        Phone phone = new Phone("acme", "token-order-" + UUID.randomUUID()).register(new PushChannel("fcm", old));
        String renewed = "fcm-new-" + UUID.randomUUID();
        put(phone, "fcm", token(renewed)).then().statusCode(204);

        registerAgain(phone, Instant.now().minus(1, ChronoUnit.HOURS), "Older registration", old);
        assertThat(phone.activeChannels()).containsExactly("fcm:" + renewed);

        String later = "fcm-later-" + UUID.randomUUID();
        registerAgain(phone, Instant.now().plusSeconds(1), "Later registration", later);
        assertThat(phone.activeChannels()).containsExactly("fcm:" + later);
        assertThat(setBy(phone.deviceId, "fcm")).isEqualTo("registration");
    }

    /** Publishes DeviceRegistered with the same key and waits until the directory has applied it (its device name). */
    private static void registerAgain(Phone phone, Instant occurredAt, String deviceName, String fcmToken) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRegistered(phone.tenantId, phone.userId, occurredAt.truncatedTo(ChronoUnit.MICROS),
                    phone.deviceId, UUID.randomUUID().toString(), deviceName, "android", phone.keys.publicKeyBase64(),
                    List.of(new PushChannel("fcm", fcmToken))), UUID.randomUUID().toString(), phone.deviceId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deviceName.equals(OnVertx.<String>await(() -> Panache.withSession(() ->
                Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT device_name FROM device WHERE device_id = :id", String.class)
                        .setParameter("id", phone.deviceId).getSingleResult())))));
    }

    static String path(String deviceId, String kind) {
        return "/api/v1/devices/" + deviceId + "/push-channels/" + kind;
    }

    /** PUT signed by the phone itself, fresh. */
    static Response put(Phone phone, String kind, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String path = path(phone.deviceId, kind);
        return given().headers(WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", path, bytes, Instant.now().getEpochSecond(),
                        nonce()))
                .contentType("application/json").body(bytes).when().put(path);
    }

    private static void refused(String path, byte[] body, Map<String, String> headers) {
        given().headers(headers).contentType("application/json").body(body).when().put(path).then().statusCode(401)
                .header("WWW-Authenticate", "Tweestap-Signature")
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
    }

    private static String setBy(String deviceId, String kind) {
        return OnVertx.<String>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT address_set_by FROM device_channel WHERE device_id = :id AND kind = :kind", String.class)
                .setParameter("id", deviceId).setParameter("kind", kind).getSingleResult())));
    }

    private static void sql(String statement, String deviceId) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(statement).setParameter("id", deviceId).executeUpdate())));
    }

    static String token(String value) {
        return "{\"token\":\"" + value + "\"}";
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    static String apnsToken(String prefix) {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        String hex = HexFormat.of().formatHex(random);
        return prefix + hex.substring(prefix.length());
    }
}
