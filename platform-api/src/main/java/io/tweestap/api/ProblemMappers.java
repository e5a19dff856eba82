package io.tweestap.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure of a REST call into RFC 9457 {@code application/problem+json}. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

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

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return Problem.of("insufficient-scope", "Forbidden", 403,
                "The bearer token lacks the scope this operation needs").at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(field(v), v.getMessage()))
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
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return malformed(json, uri);
        }
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        return Problem.of(slug(title), title, status, e.getMessage()).at(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.error("Unexpected failure answering " + uri.getPath(), e);
        return Problem.of("internal-error", "Internal server error", 500,
                "Something went wrong on our side; the request was not completed").at(uri.getPath()).toResponse();
    }

    private static String field(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // "create.request.userId" -> "userId": callers know their body, not our method names.
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
