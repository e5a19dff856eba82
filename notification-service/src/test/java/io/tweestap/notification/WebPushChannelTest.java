package io.tweestap.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.testkit.EventPublisher;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Registering and replacing a device's Web Push subscription: only the device itself, signed
 * like its stream, may do it; what it sends is checked before anything is stored.
 */
@QuarkusTest
class WebPushChannelTest {

    private static final String P256DH = "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
    private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
    private static final String ENDPOINT = "https://push.example.net/wpush/v2/" + "a".repeat(40);

    @Test
    void theVapidPublicKeyIsPublishedWithoutCredentials() {
        String key = given().when().get("/api/v1/web-push/vapid-public-key")
                .then().statusCode(200).contentType("application/json").extract().path("publicKey");

        assertThat(key).isEqualTo(ConfigProvider.getConfig().getValue("tweestap.notification.web-push.vapid-public-key", String.class));
        byte[] point = Base64.getUrlDecoder().decode(key);
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
    }

    @Test
    void aDeviceRegistersReplacesAndWithdrawsItsSubscription() {
        Phone phone = new Phone("acme", "channel-" + UUID.randomUUID()).registerUnverified();

        WebPushCalls.put(phone, subscription(ENDPOINT, P256DH, AUTH)).then().statusCode(204);
        assertThat(WebPushCalls.channel(phone.deviceId)).singleElement().asString().startsWith("true:").contains(ENDPOINT);

        String renewed = "https://updates.push.example.org/wpush/v2/renewed";
        WebPushCalls.put(phone, subscription(renewed, P256DH, AUTH)).then().statusCode(204);
        assertThat(WebPushCalls.channel(phone.deviceId)).singleElement().asString().contains(renewed).doesNotContain(ENDPOINT);

        WebPushCalls.delete(phone).then().statusCode(204);
        assertThat(WebPushCalls.channel(phone.deviceId)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain http to another host  | http://push.example.net/x         | " + P256DH + " | " + AUTH + " | endpoint",
        "not a web URL               | ftp://push.example.net/x          | " + P256DH + " | " + AUTH + " | endpoint",
        "user info in the endpoint   | https://me:pw@push.example.net/x  | " + P256DH + " | " + AUTH + " | endpoint",
        "relative endpoint           | /push/x                           | " + P256DH + " | " + AUTH + " | endpoint",
        "p256dh of 64 bytes          | https://push.example.net/x        | " + "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw" + " | " + AUTH + " | keys.p256dh",
        "p256dh not base64url        | https://push.example.net/x        | ***                                    | " + AUTH + " | keys.p256dh",
        "auth of 15 bytes            | https://push.example.net/x        | " + P256DH + " | BTBZMqHH6r4Tts7J_aSI | keys.auth",
    })
    void aSubscriptionThatCannotBeUsedIsRefusedWithAProblem(String why, String endpoint, String p256dh, String auth, String field) {
        Phone phone = new Phone("acme", "bad-input-" + UUID.randomUUID()).registerUnverified();

        WebPushCalls.put(phone, subscription(endpoint, p256dh, auth)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-subscription"))
                .body("violations.field", hasItem(field));
        assertThat(WebPushCalls.channel(phone.deviceId)).as(why).isEmpty();
    }

    @Test
    void aKeyThatIsNotAPointOnTheCurveIsRefused() {
        Phone phone = new Phone("acme", "off-curve-" + UUID.randomUUID()).registerUnverified();
        byte[] point = Base64.getUrlDecoder().decode(P256DH);
        point[64] ^= 1;

        WebPushCalls.put(phone, subscription(ENDPOINT, Base64.getUrlEncoder().withoutPadding().encodeToString(point), AUTH))
                .then().statusCode(400).body("violations.field", hasItem("keys.p256dh"));
        assertThat(WebPushCalls.channel(phone.deviceId)).isEmpty();
    }

    @Test
    void aBodyThatIsNotASubscriptionIsRefused() {
        Phone phone = new Phone("acme", "bad-body-" + UUID.randomUUID()).registerUnverified();

        for (String body : List.of("not json", "[]", "{}", "{\"endpoint\":\"" + ENDPOINT + "\"}")) {
            WebPushCalls.put(phone, body).then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("https://tweestap.io/problems/invalid-subscription"));
        }
        assertThat(WebPushCalls.channel(phone.deviceId)).isEmpty();
    }

    @Test
    void onlyTheDeviceItselfMayChangeItsChannel() {
        Phone phone = new Phone("acme", "owner-" + UUID.randomUUID()).register();
        Phone other = new Phone("acme", "other-" + UUID.randomUUID()).register();
        WebPushCalls.put(phone, subscription(ENDPOINT, P256DH, AUTH)).then().statusCode(204);
        String hijack = subscription("https://attacker.example/push", P256DH, AUTH);
        byte[] body = hijack.getBytes(StandardCharsets.UTF_8);
        String path = WebPushCalls.path(phone.deviceId);
        long now = Instant.now().getEpochSecond();

        // another device's key, claiming to be this device
        refused(phone.deviceId, hijack, WebPushCalls.headers(other.keys, phone.deviceId, "PUT", path, body, now, nonce()));
        // another device signing as itself, for this device's path
        refused(phone.deviceId, hijack, WebPushCalls.headers(other.keys, other.deviceId, "PUT", path, body, now, nonce()));
        // unsigned
        given().contentType("application/json").body(body).when().put(path).then().statusCode(401)
                .header("WWW-Authenticate", "Tweestap-Signature").contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
        // stale
        refused(phone.deviceId, hijack, WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", path, body, now - 600, nonce()));
        // signed for another body
        refused(phone.deviceId, hijack, WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", path,
                subscription(ENDPOINT, P256DH, AUTH).getBytes(StandardCharsets.UTF_8), now, nonce()));
        // a key nobody registered
        refused(phone.deviceId, hijack, WebPushCalls.headers(DeviceKeyPair.generate(), phone.deviceId, "PUT", path, body, now, nonce()));

        assertThat(WebPushCalls.channel(phone.deviceId)).singleElement().asString().contains(ENDPOINT).doesNotContain("attacker");
    }

    @Test
    void aSignedRequestIsTakenOnce() {
        Phone phone = new Phone("acme", "replay-" + UUID.randomUUID()).register();
        String body = subscription(ENDPOINT, P256DH, AUTH);
        Map<String, String> headers = WebPushCalls.headers(phone.keys, phone.deviceId, "PUT", WebPushCalls.path(phone.deviceId),
                body.getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond(), nonce());

        WebPushCalls.put(phone.deviceId, body, headers).then().statusCode(204);
        WebPushCalls.put(phone.deviceId, body, headers).then().statusCode(401).body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
    }

    @Test
    void anUnknownDeviceIsToldToTryAgainAndARemovedOneIsRefused() {
        Phone notYet = new Phone("acme", "not-yet-" + UUID.randomUUID());
        WebPushCalls.put(notYet, subscription(ENDPOINT, P256DH, AUTH)).then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("https://tweestap.io/problems/device-not-known-yet"));

        Phone removed = new Phone("acme", "removed-" + UUID.randomUUID()).register();
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRemoved(removed.tenantId, removed.userId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    removed.deviceId, "user"), UUID.randomUUID().toString(), removed.deviceId);
        }
        await().until(() -> !removed.activeInDirectory());
        WebPushCalls.put(removed, subscription(ENDPOINT, P256DH, AUTH)).then().statusCode(401);
        assertThat(WebPushCalls.channel(removed.deviceId)).isEmpty();
    }

    /** DeviceRegistered again (new provider tokens) keeps the subscription with the same key, not with a new key. */
    @Test
    void aRegistrationAgainKeepsTheSubscriptionOnlyForTheSameKey() {
        Phone phone = new Phone("acme", "again-" + UUID.randomUUID()).register();
        WebPushCalls.put(phone, subscription(ENDPOINT, P256DH, AUTH)).then().statusCode(204);

        registerAgain(phone, phone.keys.publicKeyBase64(), "fcm-1");
        assertThat(WebPushCalls.channel(phone.deviceId)).singleElement().asString().startsWith("true:").contains(ENDPOINT);

        registerAgain(phone, DeviceKeyPair.generate().publicKeyBase64(), "fcm-2");
        assertThat(WebPushCalls.channel(phone.deviceId)).as("a subscription made under the old key").isEmpty();
    }

    private static void registerAgain(Phone phone, String publicKey, String fcmToken) {
        try (EventPublisher publisher = new EventPublisher()) {
            publisher.publish(new DeviceRegistered(phone.tenantId, phone.userId, Instant.now().truncatedTo(ChronoUnit.MICROS),
                    phone.deviceId, UUID.randomUUID().toString(), "Test phone", "android", publicKey,
                    List.of(new PushChannel("fcm", fcmToken))), UUID.randomUUID().toString(), phone.deviceId);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> phone.activeChannels().contains("fcm:" + fcmToken));
    }

    @Test
    void theAppsOriginMayCallAcrossOriginsAndOthersMayNot() {
        given().header("Origin", "http://localhost:8081").header("Access-Control-Request-Method", "PUT")
                .header("Access-Control-Request-Headers", "content-type,tweestap-device,tweestap-timestamp,tweestap-nonce,tweestap-signature")
                .when().options(WebPushCalls.path(UUID.randomUUID().toString()))
                .then().statusCode(200).header("Access-Control-Allow-Origin", "http://localhost:8081");
        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "PUT")
                .when().options(WebPushCalls.path(UUID.randomUUID().toString()))
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    private static void refused(String deviceId, String body, Map<String, String> headers) {
        WebPushCalls.put(deviceId, body, headers).then().statusCode(401).header("WWW-Authenticate", "Tweestap-Signature")
                .body("type", equalTo("https://tweestap.io/problems/invalid-signature"));
    }

    private static String nonce() {
        return UUID.randomUUID().toString();
    }

    private static String subscription(String endpoint, String p256dh, String auth) {
        return "{\"endpoint\":\"" + endpoint + "\",\"keys\":{\"p256dh\":\"" + p256dh + "\",\"auth\":\"" + auth + "\"}}";
    }
}
