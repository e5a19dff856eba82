package io.tweestap.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.impl.NoStackTraceThrowable;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProblemMappersTest {

    /**
     * The reactive PostgreSQL client fails a transaction begun on a connection a restart closed with a
     * bare Throwable, not an Exception: it is the database being away, a 503 to retry, not a 500.
     */
    @Test
    void aConnectionClosedUnderABeginIsServiceUnavailableToRetry() {
        ProblemMappers mappers = new ProblemMappers();
        mappers.databaseRetryAfter = Duration.ofSeconds(5);

        Response answer = mappers.unexpected(
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"), uri("/api/v1/challenges"));

        assertThat(answer.getStatus()).isEqualTo(503);
        assertThat(answer.getHeaderString(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
    }

    @Test
    void anyOtherThrowableIsAnInternalErrorProblem() {
        ProblemMappers mappers = new ProblemMappers();
        mappers.databaseRetryAfter = Duration.ofSeconds(5);

        Response answer = mappers.unexpected(new NoStackTraceThrowable("something else"), uri("/api/v1/challenges"));

        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(answer.getMediaType().toString()).startsWith("application/problem+json");
    }

    private static UriInfo uri(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPath" -> path;
                    case "getRequestUri" -> URI.create("http://localhost" + path);
                    default -> null;
                });
    }
}
