package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.testkit.DatabaseOutage;
import io.tweestap.testkit.OutageAnswers;
import io.tweestap.testkit.TestTokens;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 4: PostgreSQL away under load. The platform's request is answered at once with a
 * 503 problem and Retry-After, readiness goes DOWN, and the same request is served once the
 * database is back, without a restart.
 */
@QuarkusTest
@QuarkusTestResource(value = DatabaseOutage.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "enrollment_test"))
class ApiOutageTest {

    @Test
    void aReadWhileTheDatabaseIsAwayIsAQuick503AndTheSameReadIsServedAfter() {
        String user = "outage-" + UUID.randomUUID() + "@example.org";
        OutageAnswers.refusedQuicklyWhileAwayThenServed(() -> given()
                .auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                .when().get("/api/v1/users/{user}/registration", user), 200);
    }

    @Test
    void aWriteWhileTheDatabaseIsAwayIsAQuick503AndTheSameWriteIsServedAfter() {
        OutageAnswers.refusedQuicklyWhileAwayThenServed(ApiOutageTest::startEnrollment, 201);
    }

    private static Response startEnrollment() {
        return given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write"))
                .contentType(ContentType.JSON)
                .body(Map.of("userId", "outage-" + UUID.randomUUID() + "@example.org"))
                .when().post("/api/v1/enrollments");
    }
}
