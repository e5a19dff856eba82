package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.io.ByteArrayInputStream;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The authenticator's side: one-time activation codes, spent exactly once. */
@QuarkusTest
class DeviceActivationTest {

    @Test
    void aCodeActivatesADeviceAndPublishesItsKeyButNeverTheCode() {
        String code = Journey.activationCodeFor("acme", "dirk@acme.example");
        DeviceKeyPair keys = DeviceKeyPair.generate();

        String deviceId = Journey.activate(code, keys, "Dirk's iPhone")
                .then().statusCode(201)
                .body("tenantId", equalTo("acme"))
                .body("userId", equalTo("dirk@acme.example"))
                .body("deviceName", equalTo("Dirk's iPhone"))
                .body("endpoints.challenges", notNullValue())
                .body("endpoints.notifications", notNullValue())
                .extract().path("deviceId");

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            ConsumerRecord<String, String> record = topic.awaitSubject(deviceId, Duration.ofSeconds(20));
            assertThat(TopicRecords.header(record, "ce_type")).isEqualTo("tweestap.enrollment.DeviceRegistered.v1");
            assertThat(record.key()).isEqualTo("acme:dirk@acme.example");
            DeviceRegistered event = EventJson.read(record.value(), DeviceRegistered.class);
            assertThat(event.publicKey()).isEqualTo(keys.publicKeyBase64());
            assertThat(event.pushChannels()).singleElement().satisfies(channel -> {
                assertThat(channel.kind()).isEqualTo("apns");
                assertThat(channel.address()).isEqualTo("apns-token-Dirk's iPhone");
            });
            assertThat(event.enrollmentId()).isNotBlank();
            assertThat(record.value()).doesNotContain(code.replace("-", "")).doesNotContain(code);
        }
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", "dirk@acme.example")
                .then().statusCode(200)
                .body("methods.methodId", hasItem(deviceId))
                .body("methods.find { it.methodId == '" + deviceId + "' }.status", equalTo("REGISTERED"));
    }

    /**
     * The QR picture shows the code of the QR step, read without a transaction while it is usable;
     * once a device spent it, the picture (and the step) show a new one.
     */
    @Test
    void theQrPictureShowsTheStepsCodeUntilADeviceSpendsItThenANewOne() throws Exception {
        String session = Journey.openWizard(Journey.link("acme", "qr-picture-" + java.util.UUID.randomUUID() + "@acme.example"));
        String shown = Journey.activationCode(session);

        assertThat(qrCode(session)).isEqualTo(shown.replace("-", ""));
        assertThat(qrCode(session)).as("fetched again").isEqualTo(shown.replace("-", ""));
        assertThat(Journey.activationCode(session)).as("the step reloaded").isEqualTo(shown);

        Journey.activate(shown, DeviceKeyPair.generate(), "Phone").then().statusCode(201);
        String next = qrCode(session);
        assertThat(next).isNotEqualTo(shown.replace("-", ""));
        assertThat(Journey.activationCode(session).replace("-", "")).isEqualTo(next);
        Journey.activate(shown, DeviceKeyPair.generate(), "Second phone").then().statusCode(409);
    }

    /** The activation code in the fragment of the QR picture's address, read as a camera app reads it. */
    private static String qrCode(String session) throws Exception {
        byte[] png = given().cookie("tweestap_setup", session).when().get("/setup/qr.png")
                .then().statusCode(200).contentType("image/png").extract().asByteArray();
        String content = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(
                ImageIO.read(new ByteArrayInputStream(png))))), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
        return content.substring(content.indexOf('#') + 1);
    }

    @Test
    void aReplayedCodeIsRefusedAndChangesNothing() {
        String code = Journey.activationCodeFor("acme", "eva@acme.example");
        Journey.activate(code, DeviceKeyPair.generate(), "first").then().statusCode(201);

        Journey.activate(code, DeviceKeyPair.generate(), "replay")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/activation-code-used"));

        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", "eva@acme.example")
                .then().statusCode(200).body("methods.label", equalTo(List.of("first")));
    }

    @Test
    void twoDevicesRacingForOneCodeExactlyOneWins() throws Exception {
        String code = Journey.activationCodeFor("acme", "race@acme.example");
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> racers = Stream.of("racer-a", "racer-b", "racer-c", "racer-d")
                .map(name -> CompletableFuture.supplyAsync(() -> {
                    DeviceKeyPair keys = DeviceKeyPair.generate();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Journey.activate(code, keys, name).statusCode();
                }))
                .toList();
        go.countDown();
        List<Integer> statuses = racers.stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsOnlyOnce(201).filteredOn(status -> status != 201).containsOnly(409);
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/methods", "race@acme.example")
                .then().statusCode(200).body("methods.size()", equalTo(1));
    }

    @Test
    void anExpiredCodeIsGone() {
        String code = Journey.activationCodeFor("acme", "late@acme.example");
        Journey.sql("UPDATE activation_code SET expires_at = now() - interval '1 second'"
                + " WHERE tenant_id = 'acme' AND user_id = 'late@acme.example'");

        Journey.activate(code, DeviceKeyPair.generate(), "too late")
                .then().statusCode(410)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/activation-code-expired"));
    }

    @Test
    void anUnknownCodeIsNotFound() {
        Journey.activate("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23", DeviceKeyPair.generate(), "guess")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/activation-code-unknown"));
        Journey.activate("short", DeviceKeyPair.generate(), "guess").then().statusCode(404);
    }

    @Test
    void aKeyThatIsNotP256IsABadRequestAndLeavesTheCodeUsable() throws Exception {
        String code = Journey.activationCodeFor("acme", "rsa@acme.example");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        String rsaKey = Base64.getEncoder().encodeToString(rsa.generateKeyPair().getPublic().getEncoded());

        given().contentType(ContentType.JSON)
                .body("{\"activationCode\":\"" + code + "\",\"publicKey\":\"" + rsaKey + "\",\"deviceName\":\"x\","
                        + "\"platform\":\"android\",\"pushChannels\":[]}")
                .when().post("/api/v1/device-activations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-public-key"));

        Journey.activate(code, DeviceKeyPair.generate(), "p256").then().statusCode(201);
    }

    @Test
    void missingFieldsAreNamed() {
        given().contentType(ContentType.JSON).body("{\"publicKey\":\"x\",\"platform\":\"toaster\",\"pushChannels\":[{\"kind\":\"pigeon\"}]}")
                .when().post("/api/v1/device-activations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("activationCode"))
                .body("violations.field", hasItem("deviceName"))
                .body("violations.field", hasItem("platform"));
    }
}
