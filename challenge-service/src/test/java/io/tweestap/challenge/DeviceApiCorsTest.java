package io.tweestap.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The web app's browser calls the device API cross-origin (decision 0077): CORS answers for the
 * app's origin on /api/v1/devices/ only, never for another origin and never on the platform API.
 */
@QuarkusTest
class DeviceApiCorsTest {

    private static final String APP = "http://localhost:8081";
    private static final String HEADERS = "content-type,tweestap-device,tweestap-timestamp,tweestap-nonce,tweestap-signature";

    private static String pendingPath() {
        return "/api/v1/devices/" + UUID.randomUUID() + "/challenges";
    }

    @Test
    void theAppsOriginMayAskToSendSignedCalls() {
        given().header("Origin", APP).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", HEADERS)
                .when().options(pendingPath())
                .then().statusCode(204)
                .header("Access-Control-Allow-Origin", equalTo(APP))
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("Tweestap-Signature"))
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Vary", containsString("Origin"));
    }

    @Test
    void theAppReadsTheServicesRefusal() {
        // An unsigned call is refused; the app must be able to read why.
        given().header("Origin", APP)
                .when().get(pendingPath())
                .then().statusCode(401)
                .header("Access-Control-Allow-Origin", equalTo(APP));
    }

    @Test
    void anotherOriginIsNotAllowed() {
        given().header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .when().options(pendingPath())
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://evil.example")
                .when().get(pendingPath())
                .then().statusCode(401).header("Access-Control-Allow-Origin", nullValue());
        // Not even a look-alike of the app's origin.
        given().header("Origin", APP + ".evil.example").header("Access-Control-Request-Method", "GET")
                .when().options(pendingPath())
                .then().header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void thePlatformApiHasNoCors() {
        given().header("Origin", APP).header("Access-Control-Request-Method", "POST")
                .when().options("/api/v1/challenges")
                .then().header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", APP)
                .when().get("/api/v1/challenges/" + UUID.randomUUID())
                .then().statusCode(401).header("Access-Control-Allow-Origin", nullValue());
    }
}
