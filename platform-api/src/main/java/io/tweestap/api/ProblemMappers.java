package io.tweestap.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of a REST call into RFC 9457 {@code application/problem+json}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** What a 503 tells the caller to wait: about as long as PostgreSQL takes to restart or fail over. */
    @ConfigProperty(name = "tweestap.database.retry-after", defaultValue = "PT5S")
    Duration databaseRetryAfter;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = e.problem().at(uri.getPath()).toResponse();
        return e.retryAfter()
                .map(wait -> Response.fromResponse(response)
                        .header(HttpHeaders.RETRY_AFTER, Math.max(1, (wait.toMillis() + 999) / 1000))
                        .build())
                .orElse(response);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(Problem.of("unauthorized", "Unauthorized", 401,
                        "A valid bearer token is required").at(uri.getPath()).toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** Names the scope the token lacks, so the caller knows what to ask its identity provider for. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, ResourceInfo resource) {
        List<String> scopes = RequiredScopes.of(operation(resource));
        Problem problem = Problem.of("insufficient-scope", "Forbidden", 403, RequiredScopes.detail(scopes));
        return (scopes.isEmpty() ? problem : problem.with("requiredScopes", scopes)).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri, ResourceInfo resource) {
        Method operation = operation(resource);
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(ViolationFields.field(v, operation), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return Problem.of("invalid-request", "Bad request", 400, "The request has invalid fields")
                .withViolations(violations).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e, UriInfo uri) {
        return Problem.of("malformed-json", "Bad request", 400,
                "The body is not valid JSON for this operation").at(uri.getPath()).toResponse();
    }

    /** A body that is JSON but does not fit: a wrong type or an unknown enum value. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("(body)");
        return Problem.of("invalid-request", "Bad request", 400, "The request has invalid fields")
                .withViolations(List.of(new Problem.Violation(field, "has the wrong type or an unknown value")))
                .at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request, ResourceInfo resource) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformed(json, uri);
        }
        if (e instanceof NotFoundException && cause != null) {
            // JAX-RS answers a query value that does not convert (?wait=abc) with 404; it is a bad request.
            Optional<Problem.Violation> malformed = MalformedQueryValues.find(operation(resource), uri.getQueryParameters());
            if (malformed.isPresent()) {
                return Problem.of("invalid-request", "Bad request", 400, "A query parameter has a value of the wrong type")
                        .withViolations(List.of(malformed.get())).at(uri.getPath()).toResponse();
            }
        }
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        Response answer = PlainAnswers.of(e, request.getMethod(), headers.getHeaderString(HttpHeaders.CONTENT_TYPE),
                allow, PlainAnswers.consumes(operation(resource))).at(uri.getPath()).toResponse();
        return allow == null ? answer : Response.fromResponse(answer).header(HttpHeaders.ALLOW, allow).build();
    }

    /**
     * Any other failure, also one that is not an {@link Exception}: the reactive PostgreSQL client
     * fails a transaction begun on a connection a database restart closed with a bare
     * {@code NoStackTraceThrowable} ("Connection is not active now"), which an {@code Exception}
     * mapper missed, so the caller got Quarkus' 500 instead of a 503 to retry.
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (DatabaseAway.explains(e)) {
            // Nothing about the request: the database is away (DatabasePool bounds the wait). A load
            // balancer sees readiness DOWN meanwhile; the caller tries again after Retry-After.
            LOG.warnf("Database unavailable answering %s: %s", uri.getPath(), e.toString());
            return Response.fromResponse(Problem.of("service-unavailable", "Service unavailable", 503,
                            "The service cannot reach its database right now; try again shortly")
                            .at(uri.getPath()).toResponse())
                    .header(HttpHeaders.RETRY_AFTER, Math.max(1, databaseRetryAfter.toSeconds()))
                    .build();
        }
        LOG.error("Unexpected failure answering " + uri.getPath(), e);
        return Problem.of("internal-error", "Internal server error", 500,
                "Something went wrong on our side; the request was not completed").at(uri.getPath()).toResponse();
    }

    private static Method operation(ResourceInfo resource) {
        return resource == null ? null : resource.getResourceMethod();
    }
}
