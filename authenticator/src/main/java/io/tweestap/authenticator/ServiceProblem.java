package io.tweestap.authenticator;

import com.fasterxml.jackson.databind.JsonNode;

/** A service said no: the RFC 9457 problem document it answered, for a person to read. */
public class ServiceProblem extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final String detail;

    public ServiceProblem(int status, String type, String title, String detail) {
        super(status + " " + (title == null ? "" : title) + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
    }

    static ServiceProblem from(int status, String body) {
        try {
            JsonNode problem = Json.MAPPER.readTree(body);
            return new ServiceProblem(status, text(problem, "type"), text(problem, "title"), text(problem, "detail"));
        } catch (Exception notJson) {
            return new ServiceProblem(status, null, "HTTP " + status, body == null || body.isBlank() ? null : body.strip());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    public int status() {
        return status;
    }

    /** The problem type URI, e.g. {@code https://tweestap.io/problems/activation-code-used}. */
    public String type() {
        return type;
    }

    /** The last segment of the type: {@code activation-code-used}. */
    public String kind() {
        return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }
}
