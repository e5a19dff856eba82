package io.tweestap.challenge;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.testkit.TestTokens;
import java.util.HashMap;
import java.util.Map;

/** The identity provider calling challenge-service for one tenant. */
final class SignInPlatform {

    private final String tenantId;

    SignInPlatform(String tenantId) {
        this.tenantId = tenantId;
    }

    Response requestSignIn(String userId) {
        return create(Map.of("userId", userId, "purpose", "SIGN_IN", "application", "Payroll",
                "ipAddress", "192.0.2.10", "location", "Utrecht, NL"));
    }

    Response create(Map<String, ?> body) {
        return given().auth().oauth2(TestTokens.forTenant(tenantId, "challenge:write"))
                .contentType(ContentType.JSON).body(new HashMap<>(body))
                .when().post("/api/v1/challenges");
    }

    Response status(String challengeId, int waitSeconds) {
        return given().auth().oauth2(TestTokens.forTenant(tenantId, "challenge:read"))
                .queryParam("wait", waitSeconds)
                .when().get("/api/v1/challenges/{id}", challengeId);
    }

    Response cancel(String challengeId) {
        return given().auth().oauth2(TestTokens.forTenant(tenantId, "challenge:write"))
                .when().post("/api/v1/challenges/{id}/cancel", challengeId);
    }

    Response unblock(String userId) {
        return given().auth().oauth2(TestTokens.forTenant(tenantId, "challenge:admin"))
                .when().post("/api/v1/users/{user}/unblock", userId);
    }

    Response setPolicy(int numberLength, int expirySeconds) {
        return given().auth().oauth2(TestTokens.forTenant(tenantId, "challenge:admin"))
                .contentType(ContentType.JSON).body(Map.of("numberLength", numberLength, "expirySeconds", expirySeconds))
                .when().put("/api/v1/challenge-policy");
    }
}
