package io.tweestap.sms;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.testkit.DocumentedAnswers;
import io.tweestap.testkit.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi says what the service really answers. */
@QuarkusTest
class ApiDocumentTest {

    private static final String VERIFICATIONS = "/api/v1/phone-verifications";
    private static final String CHECK = "/api/v1/phone-verifications/{verificationId}/check";
    private static final String RECEIPTS = "/api/v1/vonage/delivery-receipts";

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
    void startingAVerificationAnswers201AsDocumented() {
        document.assertServedAsDocumented("POST", VERIFICATIONS,
                SmsApi.start("acme", "doc-" + UUID.randomUUID(), TestNumbers.dutchMobile(), "SMS", "en"))
                .then().statusCode(201);
    }

    @Test
    void refusalsAreServedAsTheDocumentedProblems() {
        String write = TestTokens.forTenant("acme", SmsApi.SCOPE);
        document.assertServedAsDocumented("POST", VERIFICATIONS, given().contentType(ContentType.JSON).body("{}")
                .when().post(VERIFICATIONS)).then().statusCode(401);
        document.assertServedAsDocumented("POST", VERIFICATIONS, given().auth().oauth2(TestTokens.forTenant("acme", "sms:read"))
                .contentType(ContentType.JSON).body("{}").when().post(VERIFICATIONS)).then().statusCode(403);
        document.assertServedAsDocumented("POST", VERIFICATIONS, given().auth().oauth2(write)
                .contentType(ContentType.JSON).body("{}").when().post(VERIFICATIONS)).then().statusCode(400);
        document.assertServedAsDocumented("POST", VERIFICATIONS, given().auth().oauth2(write)
                .contentType(ContentType.TEXT).body("x").when().post(VERIFICATIONS)).then().statusCode(415);
        document.assertServedAsDocumented("POST", VERIFICATIONS,
                SmsApi.start("acme", "doc-" + UUID.randomUUID(), "12", "SMS", "en")).then().statusCode(422);
        document.assertServedAsDocumented("POST", CHECK,
                SmsApi.check("acme", UUID.randomUUID().toString(), "123456")).then().statusCode(404);
        document.assertServedAsDocumented("POST", RECEIPTS, given().contentType(ContentType.JSON)
                .body("{\"messageId\":\"m\",\"status\":\"delivered\"}").when().post(RECEIPTS)).then().statusCode(401);
    }
}
