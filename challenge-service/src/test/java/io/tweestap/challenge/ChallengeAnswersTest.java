package io.tweestap.challenge;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.testkit.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * How the platform API answers a request that is wrong, each answer saying what the caller must
 * change: the shared mapping lives in platform-api; this holds one service to every case.
 */
@QuarkusTest
class ChallengeAnswersTest {

    private static final String PROBLEM = "application/problem+json";

    @Test
    void aQueryValueOfTheWrongTypeIsABadRequestNamingTheParameter() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read"))
                .when().get("/api/v1/challenges/{id}?wait=abc", UUID.randomUUID())
                .then().statusCode(400).contentType(startsWith(PROBLEM))
                .body("type", equalTo("https://tweestap.io/problems/invalid-request"))
                .body("violations.field", contains("wait"))
                .body("violations.message", contains("must be a whole number"));
    }

    @Test
    void aPathValueOfTheWrongTypeNamesNoResource() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read"))
                .when().get("/api/v1/challenges/not-a-uuid")
                .then().statusCode(404).contentType(startsWith(PROBLEM))
                .body("detail", equalTo("No resource at this path"));
    }

    @Test
    void aQueryValueOutOfRangeIsNamedAsInTheQuery() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read"))
                .when().get("/api/v1/challenges/{id}?wait=31", UUID.randomUUID())
                .then().statusCode(400).contentType(startsWith(PROBLEM))
                .body("violations.field", contains("wait"));
    }

    @Test
    void aForbiddenAnswerNamesTheScopeTheTokenLacks() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write"))
                .when().get("/api/v1/challenges/{id}", UUID.randomUUID())
                .then().statusCode(403).contentType(startsWith(PROBLEM))
                .body("type", equalTo("https://tweestap.io/problems/insufficient-scope"))
                .body("detail", equalTo("The bearer token lacks the scope this operation needs: challenge:read"))
                .body("requiredScopes", contains("challenge:read"));
    }

    @Test
    void anUnsupportedMediaTypeSaysWhatToSend() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write"))
                .contentType(ContentType.TEXT).body("userId=anna")
                .when().post("/api/v1/challenges")
                .then().statusCode(415).contentType(startsWith(PROBLEM))
                .body("title", equalTo("Unsupported Media Type"))
                .body("detail", equalTo("This operation reads a body sent as application/json, not as text/plain"));
    }

    @Test
    void bodyViolationsNameTheBodysFieldsNeverOurMethodOrParameterNames() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write"))
                .contentType(ContentType.JSON).body("{\"userId\":\"\",\"method\":\"FAX\"}")
                .when().post("/api/v1/challenges")
                .then().statusCode(400).contentType(startsWith(PROBLEM))
                .body("violations.field", containsInAnyOrder("method", "purpose", "userId"))
                .body("violations.field", everyItem(not(startsWith("create"))));
    }

    @Test
    void aMissingBodyIsNamedAsTheBody() {
        given().auth().oauth2(TestTokens.forTenant("acme", "challenge:write"))
                .contentType(ContentType.JSON)
                .when().post("/api/v1/challenges/{id}/sms-code", UUID.randomUUID())
                .then().statusCode(400).contentType(startsWith(PROBLEM))
                .body("violations.field", contains("(body)"));
    }
}
