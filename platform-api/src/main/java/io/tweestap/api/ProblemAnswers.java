package io.tweestap.api;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * What another service's RFC 9457 refusal says beyond its status: the problem type, how long to
 * wait, attempts left. A missing or unreadable member reads as {@code null}, never as an error,
 * so an answer we cannot read is handled by its status alone.
 */
public final class ProblemAnswers {

    private ProblemAnswers() {
    }

    /** The last path segment of the problem's {@code type}, e.g. {@code pushes-blocked}. */
    public static String type(Response response) {
        return typeName(member(response, "type"));
    }

    public static Integer attemptsLeft(Response response) {
        return whole(member(response, "attemptsLeft"));
    }

    /** Seconds from {@code Retry-After}; the HTTP-date form is not used by our services. */
    public static Integer retryAfter(Response response) {
        return seconds(response.getHeaderString("Retry-After"));
    }

    static String typeName(Object type) {
        return type instanceof String uri ? uri.substring(uri.lastIndexOf('/') + 1) : null;
    }

    static Integer whole(Object value) {
        return value instanceof Number number ? number.intValue() : null;
    }

    static Integer seconds(String header) {
        try {
            return header == null ? null : Integer.valueOf(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Object member(Response response, String name) {
        try {
            response.bufferEntity();
            return response.readEntity(Map.class).get(name);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
