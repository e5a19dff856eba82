package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.devicekeys.DeviceKeyPair;
import org.junit.jupiter.api.Test;

/**
 * The web app as enrollment-service serves it (decision 0077): the page at /app/ and at
 * /app/activate (the QR code's address), its manifest, service worker, scripts and icons, each with
 * the app's security headers; activation accepts the app's platform, "web".
 */
@QuarkusTest
class WebAppServingTest {

    @Test
    void theAppAndTheQrCodesAddressAreTheSamePageWithTheAppsHeaders() {
        String app = given().when().get("/app/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<link rel=\"manifest\" href=\"manifest.json\">"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                // Only this service and the endpoints handed to devices, stream included.
                .header("Content-Security-Policy", containsString(
                        "connect-src 'self' http://localhost:8082 http://localhost:8083 ws://localhost:8083;"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("X-Frame-Options", equalTo("DENY"))
                .header("Cache-Control", equalTo("no-cache"))
                .extract().asString();
        given().when().get("/app/activate").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .body(equalTo(app));
    }

    @Test
    void theShellIsServedWithTheRightTypes() {
        given().when().get("/app/manifest.json").then().statusCode(200)
                .contentType(containsString("json"))
                .body("display", equalTo("standalone")).body("start_url", equalTo("./"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
        for (String script : new String[] {"sw.js", "js/main.js", "js/keys.js", "js/device-api.js", "js/accounts.js",
                "js/screens.js", "js/texts.js", "js/push-subscription.js"}) {
            given().when().get("/app/" + script).then().statusCode(200)
                    .contentType(containsString("javascript"))
                    .header("Content-Security-Policy", containsString("default-src 'self'"));
        }
        given().when().get("/app/icons/icon-192.png").then().statusCode(200).contentType("image/png");
        given().when().get("/app/icons/icon-512.png").then().statusCode(200).contentType("image/png");
        given().when().get("/app/icons/icon.svg").then().statusCode(200).contentType(containsString("image/svg+xml"));
        given().when().get("/app/app.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void theWizardKeepsItsOwnStricterHeaders() {
        given().when().get("/setup/wizard.js").then()
                .header("Cache-Control", equalTo("no-store"))
                .header("Content-Security-Policy", not(containsString("connect-src")));
    }

    @Test
    void theWebAppActivatesAsPlatformWebAndUnknownPlatformsAreRefused() {
        String code = Journey.activationCodeFor("acme", "wendy@acme.example");
        DeviceKeyPair keys = DeviceKeyPair.generate();
        given().contentType(ContentType.JSON)
                .body("{\"activationCode\":\"" + code + "\",\"publicKey\":\"" + keys.publicKeyBase64()
                        + "\",\"deviceName\":\"Wendy's phone\",\"platform\":\"webos\","
                        + "\"pushChannels\":[{\"kind\":\"direct\",\"address\":\"stream\"}]}")
                .when().post("/api/v1/device-activations")
                .then().statusCode(400);
        given().contentType(ContentType.JSON)
                .body("{\"activationCode\":\"" + code + "\",\"publicKey\":\"" + keys.publicKeyBase64()
                        + "\",\"deviceName\":\"Wendy's phone\",\"platform\":\"web\","
                        + "\"pushChannels\":[{\"kind\":\"direct\",\"address\":\"stream\"}]}")
                .when().post("/api/v1/device-activations")
                .then().statusCode(201).body("userId", equalTo("wendy@acme.example"));
    }
}
