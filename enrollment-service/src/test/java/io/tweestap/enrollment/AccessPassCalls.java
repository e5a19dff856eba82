package io.tweestap.enrollment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.tweestap.testkit.TestTokens;
import io.tweestap.testkit.TopicRecords;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The help desk's and the platform's calls about temporary access passes, for the tests. */
final class AccessPassCalls {

    static final String REFUSED = "https://tweestap.io/problems/temporary-access-pass-refused";

    private AccessPassCalls() {
    }

    static Response issue(String tenant, String user, Map<String, Object> body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:admin"))
                .contentType(ContentType.JSON).body(new HashMap<>(body))
                .when().post("/api/v1/users/{user}/temporary-access-passes", user);
    }

    static Response redeem(String tenant, String user, String code) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:write"))
                .contentType(ContentType.JSON).body(Map.of("userId", user, "code", code))
                .when().post("/api/v1/temporary-access-passes/redemptions");
    }

    static Response passesOf(String tenant, String user) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:admin"))
                .when().get("/api/v1/users/{user}/temporary-access-passes", user);
    }

    static Response revoke(String tenant, String user, String passId) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "enrollment:admin"))
                .when().delete("/api/v1/users/{user}/temporary-access-passes/{pass}", user, passId);
    }

    /** Every refusal is the same answer, whatever was wrong with the pass. */
    static void refused(Response answer) {
        answer.then().statusCode(422).contentType("application/problem+json").body("type", equalTo(REFUSED))
                .body("detail", equalTo("No usable temporary access pass of this user matches;"
                        + " the help desk can issue a new one"));
    }

    static ConsumerRecord<String, String> awaitEvent(TopicRecords topic, String type, String passId) {
        // The relay publishes after the commit; on a busy machine that can take a while.
        return topic.await(record -> isEvent(record, type, passId), Duration.ofSeconds(60));
    }

    static boolean isEvent(ConsumerRecord<String, String> record, String type, String passId) {
        return ("tweestap.enrollment." + type + ".v1").equals(TopicRecords.header(record, "ce_type"))
                && record.value().contains(passId);
    }

    static String user(String what) {
        return "tap-" + what + "-" + UUID.randomUUID() + "@acme.example";
    }
}
