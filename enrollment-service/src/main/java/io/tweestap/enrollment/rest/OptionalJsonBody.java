package io.tweestap.enrollment.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.Optional;
import java.util.Set;

/**
 * The body of an operation whose body is optional: callers from before it existed post nothing, a
 * blank body or {@code null}, with whatever Content-Type their HTTP client sets. Anything else is
 * read as JSON whatever the Content-Type says, so a field the caller sent is never silently dropped,
 * and validated like a {@code @Valid} body (400 naming the violations).
 */
@ApplicationScoped
public class OptionalJsonBody {

    @Inject
    ObjectMapper json;

    @Inject
    Validator validator;

    /** @return the request the body holds, or empty when it holds none */
    public <T> Optional<T> read(String body, Class<T> type) throws JsonProcessingException {
        T request = body == null || body.isBlank() ? null : json.readValue(body, type);
        if (request == null) {
            return Optional.empty();
        }
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return Optional.of(request);
    }
}
