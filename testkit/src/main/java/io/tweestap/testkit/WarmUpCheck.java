package io.tweestap.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.restassured.path.json.JsonPath;
import java.time.Duration;

/**
 * What every service's warm-up test asks: readiness comes UP once the warm-up ran, every step of it
 * ran without failing (a step that broke — a renamed query, a changed signature — is only logged in
 * production, so a test must catch it), and it left no row behind for its tenant.
 */
public final class WarmUpCheck {

    /** {@code io.tweestap.api.warmup.WarmUpStep.TENANT}, repeated so that testkit does not depend on platform-api. */
    public static final String TENANT = "tweestap-warm-up";

    private WarmUpCheck() {
    }

    /** @return the warm-up check's data from the readiness answer */
    public static JsonPath awaitWarmedUp() {
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        JsonPath ready = given().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        assertThat(ready.getString("checks.find { it.name == 'warm-up' }.status")).isEqualTo("UP");
        assertThat(ready.getString("checks.find { it.name == 'warm-up' }.data.failed")).as("warm-up steps that failed").isEmpty();
        assertThat(ready.getInt("checks.find { it.name == 'warm-up' }.data.steps")).as("warm-up steps").isPositive();
        return ready;
    }

    /** Rows of the warm-up's tenant in {@code table} (a column {@code tenant_id}); must stay 0. */
    public static long rowsLeftIn(String table) {
        return OnVertx.await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT count(*) FROM " + table + " WHERE tenant_id = :tenant", Long.class)
                .setParameter("tenant", TENANT)
                .getSingleResult())));
    }
}
