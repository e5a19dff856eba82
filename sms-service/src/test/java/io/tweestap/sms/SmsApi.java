package io.tweestap.sms;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.testkit.TestTokens;
import java.util.Map;

/** The calls a platform makes to sms-service, with a token of the given tenant and scope sms:write. */
final class SmsApi {

    static final String SCOPE = "sms:write";

    private SmsApi() {
    }

    static Response start(String tenant, String userId, String number, String channel, String language) {
        return start(tenant, Map.of("userId", userId, "regionCode", "NL", "number", number, "channel", channel,
                "language", language, "purpose", "ENROLLMENT"));
    }

    static Response start(String tenant, Map<String, String> body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, SCOPE))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/phone-verifications");
    }

    static Response check(String tenant, String verificationId, String code) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, SCOPE))
                .contentType(ContentType.JSON).body(Map.of("code", code))
                .when().post("/api/v1/phone-verifications/{id}/check", verificationId);
    }

    static Response resend(String tenant, String verificationId) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, SCOPE))
                .when().post("/api/v1/phone-verifications/{id}/resend", verificationId);
    }

    static Response sendToPhone(String tenant, String phoneId, String userId, String channel) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, SCOPE))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", userId, "language", "en", "purpose", "SIGN_IN", "channel", channel))
                .when().post("/api/v1/phones/{phoneId}/verifications", phoneId);
    }

    /** As challenge-service sends a sign-in's code: with the sign-in's id as the Idempotency-Key. */
    static Response sendToPhone(String tenant, String phoneId, String userId, String channel, String requestKey) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, SCOPE))
                .contentType(ContentType.JSON).header("Idempotency-Key", requestKey)
                .body(Map.of("userId", userId, "language", "en", "purpose", "SIGN_IN", "channel", channel))
                .when().post("/api/v1/phones/{phoneId}/verifications", phoneId);
    }

    /** A code of the same length other than the right one. */
    static String wrong(String code) {
        long modulus = (long) Math.pow(10, code.length());
        return String.format("%0" + code.length() + "d", (Long.parseLong(code) + 1) % modulus);
    }
}
