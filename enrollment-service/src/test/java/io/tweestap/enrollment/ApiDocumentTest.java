package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.devicekeys.DeviceKeyPair;
import io.tweestap.testkit.DocumentedAnswers;
import io.tweestap.testkit.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAPI document at /q/openapi says what the service really answers. */
@QuarkusTest
class ApiDocumentTest {

    private static final String ENROLLMENTS = "/api/v1/enrollments";
    private static final String LINKS = "/api/v1/enrollments/{enrollmentId}/links";
    private static final String BATCHES = "/api/v1/enrollment-batches";
    private static final String ACTIVATIONS = "/api/v1/device-activations";

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
    void creatingAnswers201AsDocumented() {
        String write = TestTokens.forTenant("acme", "enrollment:write");
        String enrollmentId = document.assertServedAsDocumented("POST", ENROLLMENTS, given().auth().oauth2(write)
                        .contentType(ContentType.JSON).body("{\"userId\":\"doc-" + UUID.randomUUID() + "\"}")
                        .when().post(ENROLLMENTS))
                .then().statusCode(201).extract().path("enrollmentId");
        document.assertServedAsDocumented("POST", LINKS, given().auth().oauth2(write)
                .when().post(LINKS.replace("{enrollmentId}", enrollmentId))).then().statusCode(201);
        assertThat(document.statuses("POST", ENROLLMENTS)).doesNotContain("200");
        document.assertServedAsDocumented("POST", BATCHES, given().auth().oauth2(write).contentType(ContentType.JSON)
                .body("{\"enrollments\":[{\"userId\":\"doc-" + UUID.randomUUID() + "\"}]}").when().post(BATCHES))
                .then().statusCode(201);
    }

    @Test
    void refusalsAreServedAsTheDocumentedProblems() {
        String write = TestTokens.forTenant("acme", "enrollment:write");
        document.assertServedAsDocumented("POST", ENROLLMENTS, given().contentType(ContentType.JSON).body("{}")
                .when().post(ENROLLMENTS)).then().statusCode(401);
        document.assertServedAsDocumented("POST", ENROLLMENTS, given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .contentType(ContentType.JSON).body("{}").when().post(ENROLLMENTS)).then().statusCode(403);
        document.assertServedAsDocumented("POST", ENROLLMENTS, given().auth().oauth2(write)
                .contentType(ContentType.JSON).body("{\"userId\":\"\"}").when().post(ENROLLMENTS)).then().statusCode(400);
        document.assertServedAsDocumented("POST", ENROLLMENTS, given().auth().oauth2(write)
                .contentType(ContentType.TEXT).body("x").when().post(ENROLLMENTS)).then().statusCode(415);
        document.assertServedAsDocumented("POST", BATCHES, given().auth().oauth2(write).contentType(ContentType.JSON)
                .body("{\"enrollments\":[{\"userId\":\"twice\"},{\"userId\":\"twice\"}]}").when().post(BATCHES))
                .then().statusCode(400);
        document.assertServedAsDocumented("POST", LINKS, given().auth().oauth2(write)
                .when().post(LINKS.replace("{enrollmentId}", UUID.randomUUID().toString()))).then().statusCode(404);
        document.assertServedAsDocumented("POST", ACTIVATIONS,
                Journey.activate("AAAA-BBBB-CCCC-DDDD-EEEE-FFGG", DeviceKeyPair.generate(), "unknown-code"))
                .then().statusCode(404);
    }

    @Test
    void methodsPageLinksAnswerAsDocumented() {
        String links = "/api/v1/users/{userId}/methods-page-links";
        String path = links.replace("{userId}", "doc-methods-" + UUID.randomUUID());
        String write = TestTokens.forTenant("acme", "enrollment:write");
        document.assertServedAsDocumented("POST", links, given().auth().oauth2(write).when().post(path))
                .then().statusCode(201);
        document.assertServedAsDocumented("POST", links, given().auth().oauth2(write).contentType(ContentType.JSON)
                .body("{\"returnUrl\":\"ftp://portal.example.org\"}").when().post(path)).then().statusCode(400);
        document.assertServedAsDocumented("POST", links, given().when().post(path)).then().statusCode(401);
        document.assertServedAsDocumented("POST", links, given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().post(path)).then().statusCode(403);
        assertThat(document.statuses("POST", links)).doesNotContain("200");
    }

    @Test
    void temporaryAccessPassesAnswerAsDocumented() {
        String passes = "/api/v1/users/{userId}/temporary-access-passes";
        String pass = passes + "/{passId}";
        String redemptions = "/api/v1/temporary-access-passes/redemptions";
        String user = "doc-tap-" + UUID.randomUUID();
        String admin = TestTokens.forTenant("acme", "enrollment:admin");
        String write = TestTokens.forTenant("acme", "enrollment:write");
        io.restassured.response.Response issued = document.assertServedAsDocumented("POST", passes, given().auth()
                .oauth2(admin).when().post(passes.replace("{userId}", user)));
        issued.then().statusCode(201);
        document.assertServedAsDocumented("POST", passes, given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"lifetimeMinutes\":5}").when().post(passes.replace("{userId}", user))).then().statusCode(400);
        document.assertServedAsDocumented("GET", passes, given().auth().oauth2(admin)
                .when().get(passes.replace("{userId}", user))).then().statusCode(200);
        document.assertServedAsDocumented("POST", redemptions, given().auth().oauth2(write).contentType(ContentType.JSON)
                .body(java.util.Map.of("userId", user, "code", issued.path("code")))
                .when().post(redemptions)).then().statusCode(201);
        for (int attempt = 0; attempt < 5; attempt++) {
            document.assertServedAsDocumented("POST", redemptions, given().auth().oauth2(write).contentType(ContentType.JSON)
                    .body(java.util.Map.of("userId", user, "code", issued.path("code")))
                    .when().post(redemptions)).then().statusCode(422);
        }
        document.assertServedAsDocumented("POST", redemptions, given().auth().oauth2(write).contentType(ContentType.JSON)
                .body(java.util.Map.of("userId", user, "code", issued.path("code")))
                .when().post(redemptions)).then().statusCode(429);
        document.assertServedAsDocumented("POST", redemptions, given().auth().oauth2(write).contentType(ContentType.JSON)
                .body("{}").when().post(redemptions)).then().statusCode(400);
        document.assertServedAsDocumented("DELETE", pass, given().auth().oauth2(admin)
                .when().delete(pass.replace("{userId}", user).replace("{passId}", issued.path("passId")))).then().statusCode(204);
        document.assertServedAsDocumented("DELETE", pass, given().auth().oauth2(admin)
                .when().delete(pass.replace("{userId}", user).replace("{passId}", UUID.randomUUID().toString())))
                .then().statusCode(404);
        assertThat(document.statuses("POST", passes)).doesNotContain("200");
        assertThat(document.statuses("POST", redemptions)).doesNotContain("200");
    }

    @Test
    void blockingADeviceAnswersAsDocumented() {
        String block = "/api/v1/users/{userId}/methods/{methodId}/block";
        String user = "doc-block-" + UUID.randomUUID();
        String admin = TestTokens.forTenant("acme", "enrollment:admin");
        String session = Journey.openWizard(Journey.link("acme", user));
        String deviceId = Journey.activate(Journey.activationCode(session), io.tweestap.devicekeys.DeviceKeyPair.generate(),
                "Doc phone").then().statusCode(201).extract().path("deviceId");
        String path = block.replace("{userId}", user).replace("{methodId}", deviceId);
        document.assertServedAsDocumented("PUT", block, given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"reason\":\"lost\"}").when().put(path)).then().statusCode(200);
        document.assertServedAsDocumented("PUT", block, given().auth().oauth2(admin).contentType(ContentType.JSON)
                .body("{\"reason\":\"stolen\"}").when().put(path)).then().statusCode(400);
        document.assertServedAsDocumented("DELETE", block, given().auth().oauth2(admin)
                .when().delete(path)).then().statusCode(200);
        document.assertServedAsDocumented("DELETE", block, given().auth().oauth2(admin)
                .when().delete(block.replace("{userId}", user).replace("{methodId}", UUID.randomUUID().toString())))
                .then().statusCode(404);
    }
}
