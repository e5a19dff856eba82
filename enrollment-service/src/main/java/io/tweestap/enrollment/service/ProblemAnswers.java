package io.tweestap.enrollment.service;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * What another service's RFC 9457 refusal says beyond its status: the problem type, how long to
 * wait, attempts left. A missing or unreadable member reads as {@code null}, never as an error,
 * so an answer we cannot read is handled by its status alone.
 */
final class ProblemAnswers {

    private ProblemAnswers() {
    }

    /** The last path segment of the problem's {@code type}, e.g. {@code pushes-blocked}. */
    static String type(Response response) {
        Object type = member(response, "type");
        return type instanceof String uri ? uri.substring(uri.lastIndexOf('/') + 1) : null;
    }

    static Integer attemptsLeft(Response response) {
        return member(response, "attemptsLeft") instanceof Number number ? number.intValue() : null;
    }

    /** Seconds from {@code Retry-After}; the HTTP-date form is not used by our services. */
    static Integer retryAfter(Response response) {
        String header = response.getHeaderString("Retry-After");
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
