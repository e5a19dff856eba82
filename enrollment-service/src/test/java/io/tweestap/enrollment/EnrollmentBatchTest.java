package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.tweestap.events.EventJson;
import io.tweestap.events.Topic;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code POST /api/v1/enrollment-batches}: many users' enrollments and links in one call, or none. */
@QuarkusTest
class EnrollmentBatchTest {

    private static final String BATCHES = "/api/v1/enrollment-batches";

    @Test
    void eachUserGetsAnEnrollmentAndItsOwnLinkInTheOrderAsked() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, String>> items = List.of(Map.of("userId", "anna-" + run),
                Map.of("userId", "bram-" + run, "returnUrl", "https://portal.example.org/signed-in"), Map.of("userId", "cees-" + run));
        ValidatableResponse answer = post("acme", Map.of("enrollments", items)).statusCode(201)
                .contentType(ContentType.JSON)
                .body("enrollments.userId", contains("anna-" + run, "bram-" + run, "cees-" + run))
                .body("enrollments.status", everyItem(equalTo("STARTED")))
                .body("enrollments.link.url", everyItem(matchesPattern("http://localhost:\\d+/setup\\?link=[A-Za-z0-9_-]{43}")));
        List<String> links = answer.extract().path("enrollments.link.url");
        List<String> ids = answer.extract().path("enrollments.enrollmentId");
        assertThat(links).doesNotHaveDuplicates();
        for (int i = 0; i < ids.size(); i++) {
            given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read"))
                    .when().get("/api/v1/enrollments/{id}", ids.get(i))
                    .then().statusCode(200).body("userId", equalTo(items.get(i).get("userId")));
        }
        // another tenant does not see them
        given().auth().oauth2(TestTokens.forTenant("globex", "enrollment:read"))
                .when().get("/api/v1/enrollments/{id}", ids.get(0)).then().statusCode(404);
        try (TopicRecords topic = TopicRecords.of(Topic.ENROLLMENT.topicName())) {
            for (int i = 0; i < ids.size(); i++) {
                EnrollmentStarted event = EventJson.read(topic.awaitSubject(ids.get(i), Duration.ofSeconds(30)).value(),
                        EnrollmentStarted.class);
                assertThat(event.userId()).isEqualTo(items.get(i).get("userId"));
                assertThat(event.tenantId()).isEqualTo("acme");
            }
        }
    }

    @Test
    void aThousandUsersFitInOneBatch() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, String>> items = IntStream.range(0, 1000).mapToObj(i -> Map.of("userId", "p" + i + "-" + run)).toList();
        // 3000 rows in one transaction: on a busy 2-core machine this took over 30 s, the tests' default read timeout
        List<String> links = given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 300_000)))
                .auth().oauth2(TestTokens.forTenant("acme", "enrollment:write")).contentType(ContentType.JSON)
                .body(Map.of("enrollments", items)).when().post(BATCHES).then().statusCode(201)
                .body("enrollments", hasSize(1000)).body("enrollments[999].userId", equalTo("p999-" + run))
                .extract().path("enrollments.link.url");
        assertThat(links).doesNotHaveDuplicates();
    }

    @Test
    void moreThanAThousandUsersAreRefusedAsAWhole() {
        List<Map<String, String>> items = IntStream.range(0, 1001).mapToObj(i -> Map.of("userId", "q" + i)).toList();
        refused(post("acme", Map.of("enrollments", items)), "enrollments");
    }

    @Test
    void anEmptyOrMissingListIsRefused() {
        refused(post("acme", Map.of("enrollments", List.of())), "enrollments");
        refused(post("acme", Map.of()), "enrollments");
    }

    @Test
    void aUserNamedTwiceIsRefusedNamingEachRepeat() {
        List<Map<String, String>> items = List.of(Map.of("userId", "dirk"), Map.of("userId", "eva"),
                Map.of("userId", "dirk"), Map.of("userId", "dirk"));
        refused(post("acme", Map.of("enrollments", items)), "enrollments[2].userId", "enrollments[3].userId")
                .body("violations[0].message", equalTo("the same userId as enrollments[0]"));
    }

    @Test
    void badItemsAreNamedByTheirPosition() {
        List<Object> items = new ArrayList<>();
        items.add(Map.of("userId", ""));
        items.add(Map.of("userId", "x".repeat(257)));
        items.add(Map.of("userId", "fien", "switchAccountUrl", "javascript:alert(1)"));
        items.add(null);
        Map<String, Object> body = new HashMap<>();
        body.put("enrollments", items);
        refused(post("acme", body), "enrollments[0].userId", "enrollments[1].userId", "enrollments[2].switchAccountUrl",
                "enrollments[3]");
    }

    @Test
    void withoutTheWriteScopeOrATokenNothingStarts() {
        Map<String, Object> body = Map.of("enrollments", List.of(Map.of("userId", "gijs")));
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:read")).contentType(ContentType.JSON).body(body)
                .when().post(BATCHES).then().statusCode(403).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(body).when().post(BATCHES).then().statusCode(401);
    }

    @Test
    void aBodyThatIsNotTheListIsABadRequest() {
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write")).contentType(ContentType.JSON)
                .body("{\"enrollments\": [").when().post(BATCHES)
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/malformed-json"));
        given().auth().oauth2(TestTokens.forTenant("acme", "enrollment:write")).contentType(ContentType.JSON)
                .body("{\"enrollments\": \"everyone\"}").when().post(BATCHES)
                .then().statusCode(400).contentType("application/problem+json");
    }

    private static ValidatableResponse post(String tenant, Object body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:write"))
                .contentType(ContentType.JSON).body(body).when().post(BATCHES).then();
    }

    private static ValidatableResponse refused(ValidatableResponse answer, String... fields) {
        return answer.statusCode(400).contentType("application/problem+json")
                .body("type", equalTo("https://tweestap.io/problems/invalid-request"))
                .body("violations.field", contains(fields));
    }
}
