package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EnrollmentResourceTest {

    private static final String WRITE = "enrollment:write";
    private static final String READ = "enrollment:read";

    @Test
    void startingAnEnrollmentPublishesEnrollmentStartedThroughTheOutbox() {
        String enrollmentId = given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{\"userId\":\"anna@acme.example\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(201)
                .header("Location", notNullValue())
                .body("userId", equalTo("anna@acme.example"))
                .body("status", equalTo("STARTED"))
                .body("link.url", org.hamcrest.Matchers.matchesPattern("http://localhost:\\d+/setup\\?link=[A-Za-z0-9_-]{43}"))
                .body("link.expiresAt", notNullValue())
                .extract().path("enrollmentId");

        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            ConsumerRecord<String, String> record = topic.awaitSubject(enrollmentId, Duration.ofSeconds(20));
            assertThat(record.key()).isEqualTo("acme:anna@acme.example");
            assertThat(TopicRecords.header(record, "ce_type")).isEqualTo("tweestap.enrollment.EnrollmentStarted.v1");
            assertThat(TopicRecords.header(record, "ce_source")).isEqualTo("/tweestap/enrollment-service");
            assertThat(TopicRecords.header(record, "ce_specversion")).isEqualTo("1.0");
            assertThat(TopicRecords.header(record, "ce_id")).isNotBlank();
            assertThat(TopicRecords.header(record, "ce_time")).isNotBlank();
            EnrollmentStarted event = EventJson.read(record.value(), EnrollmentStarted.class);
            assertThat(event.tenantId()).isEqualTo("acme");
            assertThat(event.userId()).isEqualTo("anna@acme.example");
            assertThat(event.enrollmentId()).isEqualTo(enrollmentId);
            assertThat(event.linkExpiresAt()).isAfter(event.occurredAt());
        }
    }

    @Test
    void aTenantReadsItsOwnEnrollmentButNotAnotherTenants() {
        String enrollmentId = start("acme", "bram@acme.example");

        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/enrollments/{id}", enrollmentId)
                .then().statusCode(200).body("userId", equalTo("bram@acme.example"));

        given().auth().oauth2(TestTokens.forTenant("globex", READ))
                .when().get("/api/v1/enrollments/{id}", enrollmentId)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not found"));
    }

    @Test
    void aCallWithoutATokenIsRefused() {
        given().contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer")
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/unauthorized"));
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged = TestTokens.forTenant("acme", WRITE);
        String tampered = forged.substring(0, forged.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        given().auth().oauth2(tampered).contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void aTokenWithoutTheScopeIsRefused() {
        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/insufficient-scope"));
    }

    @Test
    void aTokenWithoutATenantIsRefused() {
        given().auth().oauth2(TestTokens.withoutTenant(WRITE))
                .contentType(ContentType.JSON).body("{\"userId\":\"x\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/missing-tenant"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{\"userId\": ")
                .when().post("/api/v1/enrollments")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/malformed-json"));
    }

    @Test
    void aMissingUserIdNamesTheField() {
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .contentType(ContentType.JSON).body("{}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations.field", hasItem("userId"));
    }

    @Test
    void anUnknownIdIsNotFound() {
        given().auth().oauth2(TestTokens.forTenant("acme", READ))
                .when().get("/api/v1/enrollments/not-a-uuid")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void anUnknownRouteIsAProblem() {
        given().when().get("/api/v1/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/enrollments"));
    }

    @Test
    void aFreshLinkCanBeIssuedForAnOpenEnrollmentButNotForAnotherTenants() {
        String enrollmentId = start("acme", "carla@acme.example");
        given().auth().oauth2(TestTokens.forTenant("acme", WRITE))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(201)
                .body("url", org.hamcrest.Matchers.containsString("/setup?link="));
        given().auth().oauth2(TestTokens.forTenant("globex", WRITE))
                .when().post("/api/v1/enrollments/{id}/links", enrollmentId)
                .then().statusCode(404).contentType("application/problem+json");
    }

    static String start(String tenant, String userId) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, WRITE))
                .contentType(ContentType.JSON).body("{\"userId\":\"" + userId + "\"}")
                .when().post("/api/v1/enrollments")
                .then().statusCode(201)
                .extract().path("enrollmentId");
    }
}
