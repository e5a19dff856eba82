package io.tweestap.api;

import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds the query value that could not be read as its parameter's type. JAX-RS answers such a value
 * ({@code ?wait=abc}) with 404, as if the resource did not exist; the resource does exist and the
 * request is wrong, so the caller gets 400 with the parameter named. A path value that does not
 * convert ({@code /challenges/not-a-uuid}) names no resource and stays 404.
 */
public final class MalformedQueryValues {

    private MalformedQueryValues() {
    }

    /** The first query parameter of the operation whose value does not read as its type. */
    public static Optional<Problem.Violation> find(Method operation, Map<String, List<String>> query) {
        if (operation == null) {
            return Optional.empty();
        }
        for (Parameter parameter : operation.getParameters()) {
            QueryParam name = parameter.getAnnotation(QueryParam.class);
            if (name == null) {
                continue;
            }
            for (String value : query.getOrDefault(name.value(), List.of())) {
                Optional<String> wrong = wrongFor(parameter.getType(), value);
                if (wrong.isPresent()) {
                    return Optional.of(new Problem.Violation(name.value(), wrong.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** What is wrong with the value for the type, or empty when it reads (or the type is not one we check). */
    static Optional<String> wrongFor(Class<?> type, String value) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value.trim());
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value.trim());
            } else if (type == short.class || type == Short.class) {
                Short.parseShort(value.trim());
            } else if (type == UUID.class) {
                UUID.fromString(value.trim());
            } else if (type.isEnum() && !constants(type).contains(value)) {
                return Optional.of("must be one of " + String.join(", ", constants(type)));
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.of("must be a whole number");
        } catch (IllegalArgumentException e) {
            return Optional.of("must be a UUID");
        }
    }

    private static List<String> constants(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }
}
