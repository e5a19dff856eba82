package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.testkit.OnVertx;
import io.tweestap.testkit.TestTokens;
import io.quarkus.hibernate.reactive.panache.Panache;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The steps of the journey as the platform, the browser and the phone take them, for API-level tests. */
final class Journey {

    private static final Pattern ACTIVATION_CODE = Pattern.compile("id=\"activation-code\">([A-Z0-9-]+)<");

    private Journey() {
    }

    /** The wizard URL a platform gets for a user it just signed in. */
    static String link(String tenant, String userId) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:write"))
                .contentType(ContentType.JSON).body("{\"userId\":\"" + userId + "\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(201)
                .extract().path("link.url");
    }

    /**
     * The wizard URL for a user, with the platform's pages the wizard may lead to (either may be null):
     * the enrollment is started, then a link carrying them is asked for.
     */
    static String link(String tenant, String userId, String returnUrl, String switchAccountUrl) {
        String enrollmentId = given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:write"))
                .contentType(ContentType.JSON).body(Map.of("userId", userId))
                .when().post("/api/v1/enrollments")
                .then().statusCode(201)
                .extract().path("enrollmentId");
        Map<String, String> pages = new HashMap<>();
        if (returnUrl != null) {
            pages.put("returnUrl", returnUrl);
        }
        if (switchAccountUrl != null) {
            pages.put("switchAccountUrl", switchAccountUrl);
        }
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:write"))
                .contentType(ContentType.JSON).body(pages)
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(201)
                .extract().path("url");
    }

    /** Opens the link as a browser would and returns the wizard session cookie. */
    static String openWizard(String link) {
        return given().redirects().follow(false).header("Accept-Language", "nl-NL,nl;q=0.9")
                .when().get(link)
                .then().statusCode(200)
                .extract().cookie("tweestap_setup");
    }

    /** The activation code shown as text on the QR step. */
    static String activationCode(String session) {
        String html = given().cookie("tweestap_setup", session).when().get("/setup/qr")
                .then().statusCode(200).extract().asString();
        Matcher matcher = ACTIVATION_CODE.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("No activation code on the QR page");
        }
        return matcher.group(1);
    }

    static String activationCodeFor(String tenant, String userId) {
        return activationCode(openWizard(link(tenant, userId)));
    }

    static Response activate(String code, DeviceKeyPair keys, String deviceName) {
        return given().contentType(ContentType.JSON)
                .body("{\"activationCode\":\"" + code + "\",\"publicKey\":\"" + keys.publicKeyBase64()
                        + "\",\"deviceName\":\"" + deviceName + "\",\"platform\":\"ios\","
                        + "\"pushChannels\":[{\"kind\":\"apns\",\"address\":\"apns-token-" + deviceName + "\"}]}")
                .when().post("/api/v1/device-activations");
    }

    /**
     * The wizard's test step: it sends the test push to the session's device; returns the challenge
     * id it holds, the only one whose approval verifies that device.
     */
    static String testPushSent(String session, String deviceId) {
        given().cookie("tweestap_setup", session).when().get("/setup/test").then().statusCode(200);
        return challengeSentTo(deviceId);
    }

    /** The test challenge a wizard session sent to the device, as challenge-service's ChallengeApproved will name it. */
    static String challengeSentTo(String deviceId) {
        return sqlText("SELECT challenge_id FROM wizard_session WHERE device_id = '" + deviceId
                + "' AND challenge_id IS NOT NULL");
    }

    /** One text value from enrollment_test. */
    static String sqlText(String query) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(query, String.class).getSingleResult())));
    }

    /** Runs SQL against enrollment_test, e.g. to let a code or link run out without waiting for it. */
    static void sql(String statement) {
        OnVertx.await(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery(statement).executeUpdate())));
    }
}
