package io.tweestap.notification;

import static io.restassured.RestAssured.given;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.restassured.response.Response;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.testkit.OnVertx;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The app's signed calls on its Web Push channel, and what the directory then holds. */
final class WebPushCalls {

    private WebPushCalls() {
    }

    static String path(String deviceId) {
        return "/api/v1/devices/" + deviceId + "/push-channels/webpush";
    }

    /** PUT signed by the phone itself, fresh. */
    static Response put(Phone phone, String body) {
        return put(phone.deviceId, body, headers(phone.keys, phone.deviceId, "PUT", path(phone.deviceId),
                body.getBytes(StandardCharsets.UTF_8), Instant.now().getEpochSecond(), UUID.randomUUID().toString()));
    }

    static Response put(String deviceId, String body, Map<String, String> headers) {
        return given().headers(headers).contentType("application/json").body(body.getBytes(StandardCharsets.UTF_8))
                .when().put(path(deviceId));
    }

    static Response delete(Phone phone) {
        return given().headers(headers(phone.keys, phone.deviceId, "DELETE", path(phone.deviceId), new byte[0],
                Instant.now().getEpochSecond(), UUID.randomUUID().toString())).when().delete(path(phone.deviceId));
    }

    static Map<String, String> headers(DeviceKeyPair signer, String deviceId, String method, String path, byte[] body,
            long timestamp, String nonce) {
        SignedRequest request = SignedRequest.of(method, path, deviceId, timestamp, nonce, body);
        return Map.of(
                SignedRequest.DEVICE_HEADER, deviceId,
                SignedRequest.TIMESTAMP_HEADER, Long.toString(timestamp),
                SignedRequest.NONCE_HEADER, nonce,
                SignedRequest.SIGNATURE_HEADER, signer.sign(request.statement()));
    }

    /** The stored Web Push channel: {@code active:address}, or none. */
    static List<String> channel(String deviceId) {
        return OnVertx.<List<String>>await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT active || ':' || address FROM device_channel WHERE device_id = :id AND kind = 'webpush'",
                        String.class)
                .setParameter("id", deviceId).getResultList())));
    }
}
