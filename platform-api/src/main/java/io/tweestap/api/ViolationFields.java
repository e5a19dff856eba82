package io.tweestap.api;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

/**
 * Names the field of a constraint violation as the caller wrote it: the query, path or header
 * parameter's own name ({@code wait}), or the property path inside the body ({@code phone.number},
 * {@code items[2].name}); never our Java method or parameter names ({@code get.waitSeconds},
 * {@code arg0}), which mean nothing to the developer of a calling platform.
 */
public final class ViolationFields {

    /** The field of a violation of the body as a whole (e.g. a missing body). */
    public static final String BODY = "(body)";

    private ViolationFields() {
    }

    /** @param operation the resource method the violation was found on, or null when unknown */
    public static String field(ConstraintViolation<?> violation, Method operation) {
        return field(violation.getPropertyPath(), operation);
    }

    static String field(Path path, Method operation) {
        StringBuilder field = new StringBuilder();
        boolean inParameter = false;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (kind == ElementKind.RETURN_VALUE) {
                return "(response)";
            }
            if (kind == ElementKind.PARAMETER) {
                int index = node.as(Path.ParameterNode.class).getParameterIndex();
                String named = operation == null ? null : requestName(operation, index);
                if (named != null) {
                    return named;
                }
                inParameter = true;
                continue;
            }
            if (kind == ElementKind.CONTAINER_ELEMENT && node.getName() != null && node.getName().startsWith("<")) {
                appendIndex(field, node);
                continue;
            }
            if (node.getName() == null) {
                // A bean node (the object itself): only its position in a list or map counts.
                appendIndex(field, node);
                continue;
            }
            appendIndex(field, node);
            if (!field.isEmpty()) {
                field.append('.');
            }
            field.append(node.getName());
        }
        if (field.isEmpty()) {
            return inParameter || operation != null ? BODY : path.toString();
        }
        return field.toString();
    }

    /** The name the request carries the parameter under, or null for the body. */
    static String requestName(Method operation, int index) {
        Parameter[] parameters = operation.getParameters();
        if (index < 0 || index >= parameters.length) {
            return null;
        }
        for (Annotation annotation : parameters[index].getAnnotations()) {
            if (annotation instanceof QueryParam query) {
                return query.value();
            }
            if (annotation instanceof PathParam pathParam) {
                return pathParam.value();
            }
            if (annotation instanceof HeaderParam header) {
                return header.value();
            }
            if (annotation instanceof FormParam form) {
                return form.value();
            }
            if (annotation instanceof CookieParam cookie) {
                return cookie.value();
            }
        }
        return null;
    }

    private static void appendIndex(StringBuilder field, Path.Node node) {
        // The index or key belongs to the previous node (the list), e.g. items[2].
        if (node.getIndex() != null) {
            field.append('[').append(node.getIndex()).append(']');
        } else if (node.getKey() != null) {
            field.append('[').append(node.getKey()).append(']');
        }
    }
}
