package io.tweestap.api;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The problem for a refusal JAX-RS makes before our code runs (404, 405, 406, 415, ...), with a
 * detail that says what to do differently instead of JAX-RS's "HTTP 415 Unsupported Media Type".
 */
public final class PlainAnswers {

    private static final String JSON = "application/json";

    private PlainAnswers() {
    }

    /**
     * @param method      the request's HTTP method
     * @param contentType the request's Content-Type, or null
     * @param allow       the methods the path answers (the 405's Allow header), or null
     * @param consumes    the media types the operation reads, empty when unknown
     */
    public static Problem of(WebApplicationException e, String method, String contentType, String allow,
            List<String> consumes) {
        int status = e.getResponse().getStatus();
        Response.StatusType reason = Response.Status.fromStatusCode(status);
        String title = reason == null ? "HTTP " + status : reason.getReasonPhrase();
        String detail = switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This path does not answer " + method + (allow == null ? "" : "; it answers " + allow);
            case 406 -> "This operation cannot answer in the media type the Accept header asks for; it answers "
                    + JSON + " (errors as " + Problem.MEDIA_TYPE + ")";
            case 415 -> contentType == null || contentType.isBlank()
                    ? "The request's body has no Content-Type; send it as " + readable(consumes)
                    : "This operation reads a body sent as " + readable(consumes) + ", not as " + mediaType(contentType);
            default -> e.getMessage();
        };
        return Problem.of(slug(title), title, status, detail);
    }

    /** The media types the operation's {@code @Consumes} (or its class's) names; empty when none or unknown. */
    public static List<String> consumes(Method operation) {
        if (operation == null) {
            return List.of();
        }
        Consumes consumes = operation.getAnnotation(Consumes.class);
        if (consumes == null) {
            consumes = operation.getDeclaringClass().getAnnotation(Consumes.class);
        }
        return consumes == null ? List.of() : List.of(consumes.value());
    }

    private static String readable(List<String> consumes) {
        // Every body-taking operation of the platform APIs reads JSON unless it says otherwise.
        return consumes.isEmpty() || consumes.contains("*/*") ? JSON : String.join(" or ", consumes);
    }

    /** The media type without its parameters (charset), cut short: it is the caller's text, echoed. */
    static String mediaType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.length() > 100 ? type.substring(0, 100) + "..." : type;
    }

    static String slug(String title) {
        return title.toLowerCase().replaceAll("[^a-z0-9]+", "-");
    }
}
