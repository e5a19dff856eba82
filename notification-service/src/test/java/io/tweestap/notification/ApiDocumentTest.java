package io.tweestap.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.testkit.DocumentedAnswers;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document at /q/openapi describes the service's one HTTP entry, the device stream,
 * as it answers.
 */
@QuarkusTest
class ApiDocumentTest {

    private static final String STREAM = "/api/v1/devices/{deviceId}/stream";

    @Test
    void theDocumentDescribesTheDeviceStream() {
        DocumentedAnswers document = DocumentedAnswers.ofThisService();

        document.assertEveryErrorAnswerIsAProblem();
        document.assertEveryOperationIsNamed();
        assertThat(document.statuses("GET", STREAM)).containsExactlyInAnyOrder("101", "401");
    }

    @Test
    void anUnsignedUpgradeIsRefusedAsDocumented() {
        DocumentedAnswers document = DocumentedAnswers.ofThisService();

        document.assertServedAsDocumented("GET", STREAM, given()
                        .header("Connection", "Upgrade").header("Upgrade", "websocket")
                        .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                        .when().get(STREAM, UUID.randomUUID().toString()))
                .then().statusCode(401).header("WWW-Authenticate", "Tweestap-Signature");
    }

    @Test
    void theWebPushOperationsAnswerAsDocumented() {
        DocumentedAnswers document = DocumentedAnswers.ofThisService();
        String vapid = "/api/v1/web-push/vapid-public-key";
        String channel = "/api/v1/devices/{deviceId}/push-channels/webpush";

        document.assertServedAsDocumented("GET", vapid, given().when().get(vapid)).then().statusCode(200);
        document.assertServedAsDocumented("PUT", channel, given().contentType("application/json").body("{}")
                .when().put(channel, UUID.randomUUID().toString())).then().statusCode(401);
    }

    @Test
    void theProviderTokenOperationsAnswerAsDocumented() {
        DocumentedAnswers document = DocumentedAnswers.ofThisService();
        Phone phone = new Phone("acme", "doc-" + UUID.randomUUID()).register();

        for (String kind : new String[] {"apns", "fcm"}) {
            String path = "/api/v1/devices/{deviceId}/push-channels/" + kind;
            document.assertServedAsDocumented("PUT", path, given().contentType("application/json").body("{}")
                    .when().put(path, phone.deviceId)).then().statusCode(401);
            document.assertServedAsDocumented("PUT", path, ProviderTokenTest.put(phone, kind, "{}")).then().statusCode(400);
            document.assertServedAsDocumented("PUT", path, ProviderTokenTest.put(phone, kind, ProviderTokenTest.token(
                    kind.equals("apns") ? ProviderTokenTest.apnsToken("a") : "fcm-doc-" + UUID.randomUUID()))).then().statusCode(204);
            document.assertServedAsDocumented("PUT", path, ProviderTokenTest.put(new Phone("acme", "doc-unknown"), kind, "{}"))
                    .then().statusCode(409);
        }
    }
}
