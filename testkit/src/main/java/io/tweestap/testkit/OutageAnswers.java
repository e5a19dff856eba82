package io.tweestap.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What a service's API does while its database is away (issue 12 item 4), for a test application
 * that reaches PostgreSQL through {@link DatabaseOutage}: a request is answered at once with a 503
 * problem and {@code Retry-After} — never left hanging — readiness goes DOWN so a load balancer
 * stops sending traffic, and once the database is back the same request is served again without
 * a restart.
 */
public final class OutageAnswers {

    /**
     * Far below what an unbounded pool would take (60 s TCP connect, 30 s pool wait), far above one
     * refused request on a loaded machine: a request slower than this is hanging.
     */
    public static final Duration QUICK = Duration.ofSeconds(5);

    private OutageAnswers() {
    }

    /**
     * @param request one call of the API, repeatable
     * @param served the status it answers while the database is there
     * @return how long the request took to be refused during the outage
     */
    public static Duration refusedQuicklyWhileAwayThenServed(Supplier<Response> request, int served) {
        assertThat(request.get().statusCode()).as("served before the outage").isEqualTo(served);
        DatabaseOutage outage = DatabaseOutage.current();
        Duration took;
        outage.begin();
        try {
            long started = System.nanoTime();
            Response during = request.get();
            took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(during.statusCode()).as("answer while the database is away: " + during.asString()).isEqualTo(503);
            assertThat(during.contentType()).startsWith("application/problem+json");
            assertThat(during.header("Retry-After")).as("Retry-After").matches("[1-9][0-9]*");
            assertThat(during.jsonPath().getString("type")).isEqualTo("https://tweestap.io/problems/service-unavailable");
            assertThat(took).as("a refused request answers at once, it does not hang").isLessThan(QUICK);
            awaitReadiness(503);
        } finally {
            outage.end();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> request.get().statusCode() == served);
        awaitReadiness(200);
        System.out.println("OutageAnswers: refused in " + took.toMillis() + " ms while the database was away");
        return took;
    }

    /** Readiness answers 503 (DOWN) while the database is away, 200 (UP) when it is back. */
    public static void awaitReadiness(int status) {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == status);
    }
}
