package io.tweestap.challenge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.testkit.DocumentedAnswers;
import io.tweestap.testkit.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi says what the service really answers. */
@QuarkusTest
class ApiDocumentTest {

    private static final String CHALLENGES = "/api/v1/challenges";
    private static final String CHALLENGE = "/api/v1/challenges/{challengeId}";

    private static final String SIGN_INS = "/api/v1/users/{userId}/sign-ins";

    private DocumentedAnswers document;

    @BeforeEach
    void readDocument() {
        document = DocumentedAnswers.ofThisService();
    }

    @Test
    void everyErrorAnswerIsDocumentedAsAProblemAndEveryOperationIsNamed() {
        document.assertEveryErrorAnswerIsAProblem();
        document.assertEveryOperationIsNamed();
    }

    @Test
    void creatingAChallengeAnswers201AsDocumented() {
        TestPhone phone = TestPhone.verifiedFor("acme", "doc-" + UUID.randomUUID());

        document.assertServedAsDocumented("POST", CHALLENGES, new SignInPlatform("acme").requestSignIn(phone.userId))
                .then().statusCode(201);
        assertThat(document.statuses("POST", CHALLENGES)).doesNotContain("200");
    }

    @Test
    void refusalsAreServedAsTheDocumentedProblems() {
        String write = TestTokens.forTenant("acme", "challenge:write");
        document.assertServedAsDocumented("POST", CHALLENGES, given().contentType(ContentType.JSON).body("{}")
                .when().post(CHALLENGES)).then().statusCode(401);
        document.assertServedAsDocumented("POST", CHALLENGES, given().auth().oauth2(write)
                .contentType(ContentType.JSON).body("{\"userId\":\"\"}").when().post(CHALLENGES)).then().statusCode(400);
        document.assertServedAsDocumented("POST", CHALLENGES, given().auth().oauth2(write)
                .contentType(ContentType.TEXT).body("x").when().post(CHALLENGES)).then().statusCode(415);
        document.assertServedAsDocumented("POST", CHALLENGES, new SignInPlatform("acme")
                .create(Map.of("userId", "nobody-" + UUID.randomUUID(), "purpose", "SIGN_IN"))).then().statusCode(409);
        document.assertServedAsDocumented("GET", CHALLENGE, given().auth().oauth2(write)
                .when().get(CHALLENGE, UUID.randomUUID())).then().statusCode(403);
        document.assertServedAsDocumented("GET", CHALLENGE, new SignInPlatform("acme")
                .status(UUID.randomUUID().toString(), 0)).then().statusCode(404);
        document.assertServedAsDocumented("GET", CHALLENGE, given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read"))
                .when().get(CHALLENGE + "?wait=abc", UUID.randomUUID())).then().statusCode(400);
    }

    @Test
    void theSignInListAnswersAsDocumented() {
        document.assertServedAsDocumented("GET", SIGN_INS, SignInHistoryTest.list("acme", "doc-" + UUID.randomUUID(), Map.of()))
                .then().statusCode(200);
        document.assertServedAsDocumented("GET", SIGN_INS, SignInHistoryTest.list("acme", "anna", Map.of("limit", 500)))
                .then().statusCode(400);
        document.assertServedAsDocumented("GET", SIGN_INS, SignInHistoryTest.list("acme", "anna", Map.of("cursor", "x")))
                .then().statusCode(400);
        document.assertServedAsDocumented("GET", SIGN_INS, given().auth().oauth2(TestTokens.forTenant("acme", "challenge:read"))
                .when().get(SIGN_INS, "anna")).then().statusCode(403);
    }
}
