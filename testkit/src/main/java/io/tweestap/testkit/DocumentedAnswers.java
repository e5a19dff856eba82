package io.tweestap.testkit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's OpenAPI document as the service serves it ({@code /q/openapi}), held against what
 * the service answers: a test sends a real request and asks whether its status and content type are
 * the ones documented for that operation. Also checks the document's own promises: every error
 * answer is a problem document, every operation has an id and a summary.
 */
public final class DocumentedAnswers {

    public static final String PROBLEM = "application/problem+json";

    private final Map<String, Map<String, Object>> paths;

    private DocumentedAnswers(Map<String, Map<String, Object>> paths) {
        this.paths = paths;
    }

    /** The document of the service under test. */
    public static DocumentedAnswers ofThisService() {
        Map<String, Map<String, Object>> paths = given().accept("application/json")
                .when().get("/q/openapi?format=json")
                .then().statusCode(200).extract().jsonPath().getMap("paths");
        assertThat(paths).as("documented paths").isNotEmpty();
        return new DocumentedAnswers(paths);
    }

    /** The served answer's status is documented for the operation, with the content type it came with. */
    public Response assertServedAsDocumented(String method, String pathTemplate, Response served) {
        Map<String, Object> responses = responses(method, pathTemplate);
        String status = String.valueOf(served.statusCode());
        assertThat(responses).as("%s %s served %s (%s) but documents only %s", method, pathTemplate, status,
                served.asString(), responses.keySet()).containsKey(status);
        List<String> documentedTypes = contentTypes(responses.get(status));
        String servedType = mediaType(served.contentType());
        if (documentedTypes.isEmpty()) {
            assertThat(served.asString()).as("%s %s %s is documented without a body", method, pathTemplate, status).isEmpty();
        } else {
            assertThat(documentedTypes).as("%s %s %s served as %s", method, pathTemplate, status, servedType)
                    .contains(servedType);
        }
        if (PROBLEM.equals(servedType)) {
            assertThat(served.jsonPath().getInt("status")).isEqualTo(served.statusCode());
            assertThat(served.jsonPath().getString("type")).startsWith("https://");
        }
        return served;
    }

    /** Every documented 4xx and 5xx answer of every operation is an {@code application/problem+json} Problem. */
    public void assertEveryErrorAnswerIsAProblem() {
        List<String> notProblems = new ArrayList<>();
        forEachOperation((name, operation) -> responsesOf(operation).forEach((status, response) -> {
            boolean errorAnswer = status.startsWith("4") || status.startsWith("5");
            // A refused WebSocket upgrade cannot carry a body; the document says so with x-empty-body.
            boolean emptyByNature = Boolean.TRUE.equals(((Map<?, ?>) response).get("x-empty-body"))
                    && contentTypes(response).isEmpty();
            if (errorAnswer && !emptyByNature && !contentTypes(response).equals(List.of(PROBLEM))) {
                notProblems.add(name + " " + status + " " + contentTypes(response));
            }
        }));
        assertThat(notProblems).as("error answers documented as something else than a problem document").isEmpty();
    }

    /** Every operation has an operationId and a summary a reader can tell it apart by. */
    public void assertEveryOperationIsNamed() {
        List<String> unnamed = new ArrayList<>();
        forEachOperation((name, operation) -> {
            if (operation.get("operationId") == null || operation.get("summary") == null) {
                unnamed.add(name);
            }
        });
        assertThat(unnamed).as("operations without operationId or summary").isEmpty();
    }

    /** The statuses documented for an operation. */
    public List<String> statuses(String method, String pathTemplate) {
        return List.copyOf(responses(method, pathTemplate).keySet());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> responses(String method, String pathTemplate) {
        Map<String, Object> path = paths.get(pathTemplate);
        assertThat(path).as("documented path %s (documented: %s)", pathTemplate, paths.keySet()).isNotNull();
        Map<String, Object> operation = (Map<String, Object>) path.get(method.toLowerCase(Locale.ROOT));
        assertThat(operation).as("documented %s %s", method, pathTemplate).isNotNull();
        return responsesOf(operation);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> responsesOf(Map<String, Object> operation) {
        return (Map<String, Object>) operation.getOrDefault("responses", Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> contentTypes(Object response) {
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) response).get("content");
        return content == null ? List.of() : List.copyOf(content.keySet());
    }

    @SuppressWarnings("unchecked")
    private void forEachOperation(java.util.function.BiConsumer<String, Map<String, Object>> check) {
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(method)) {
                check.accept(method.toUpperCase(Locale.ROOT) + " " + path, (Map<String, Object>) operation);
            }
        }));
    }

    private static String mediaType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }
}
