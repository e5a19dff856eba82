package io.tweestap.api.openapi;

import io.tweestap.api.Problem;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Writes into every service's OpenAPI document what the shared problem mapping (platform-api's
 * {@code ProblemMappers}) answers, so no resource repeats it: every error answer is an
 * {@code application/problem+json} {@code Problem}; 401 and 403 say what they mean; an operation with
 * query parameters documents the 400 a malformed value gets; one that reads a typed body documents
 * the 415; 429 and 503 carry {@code Retry-After}; an operation without a bearer token says so
 * ({@code security: []}) instead of leaving it unsaid. An answer marked {@value #EMPTY_BODY} keeps no body. Runs at build time ({@code mp.openapi.filter}).
 */
public class ProblemDocumentation implements OASFilter {

    static final String PROBLEM_REF = "#/components/schemas/Problem";
    /**
     * Marks an error answer that cannot carry a body, such as a refused WebSocket upgrade: it stays
     * documented without content.
     */
    public static final String EMPTY_BODY = "x-empty-body";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        if (api.getComponents() == null) {
            api.setComponents(OASFactory.createComponents());
        }
        Components components = api.getComponents();
        boolean problems = false;
        boolean bearer = false;
        if (api.getPaths() != null && api.getPaths().getPathItems() != null) {
            for (PathItem path : api.getPaths().getPathItems().values()) {
                for (Operation operation : path.getOperations().values()) {
                    problems |= document(operation, path.getParameters());
                    bearer |= !operation.getSecurity().isEmpty();
                }
            }
        }
        // Only what an operation refers to: an unused component is noise to a reader (and to the linter).
        if (problems) {
            components.addSchema("Problem", ProblemSchema.problem());
            components.addSchema("Violation", ProblemSchema.violation());
        }
        if (!bearer && components.getSecuritySchemes() != null) {
            components.setSecuritySchemes(null);
        }
    }

    /** @return whether the operation now refers to the Problem schema */
    static boolean document(Operation operation, List<Parameter> pathLevelParameters) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        if (hasQueryParameters(operation, pathLevelParameters) && !responses.hasAPIResponse("400")) {
            responses.addAPIResponse("400", OASFactory.createAPIResponse()
                    .description("A query parameter has a value of the wrong type or out of range"));
        }
        if (readsTypedBody(operation) && !responses.hasAPIResponse("415")) {
            responses.addAPIResponse("415", OASFactory.createAPIResponse()
                    .description("The body is not sent as " + String.join(" or ", bodyTypes(operation))));
        }
        if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.setSecurity(List.of());
        } else {
            if (!responses.hasAPIResponse("401")) {
                responses.addAPIResponse("401", OASFactory.createAPIResponse().description("Not Authorized"));
            }
            if (!responses.hasAPIResponse("403")) {
                responses.addAPIResponse("403", OASFactory.createAPIResponse().description("Not Allowed"));
            }
        }
        boolean problems = false;
        for (Map.Entry<String, APIResponse> answer : responses.getAPIResponses().entrySet()) {
            if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                problems |= asProblem(answer.getKey(), answer.getValue());
            }
        }
        return problems;
    }

    private static boolean asProblem(String status, APIResponse response) {
        String description = response.getDescription();
        if ("Not Authorized".equals(description)) {
            response.setDescription("No valid bearer token: missing, expired, badly signed, from another issuer, or"
                    + " addressed to another audience");
        } else if ("Not Allowed".equals(description)) {
            response.setDescription("The bearer token lacks the scope this operation needs (the answer names it) or"
                    + " has no tenant");
        } else if ("Bad Request".equals(description)) {
            response.setDescription("The request has invalid fields (each named in violations) or is not valid JSON");
        }
        if (response.getExtensions() != null && Boolean.TRUE.equals(response.getExtensions().get(EMPTY_BODY))) {
            return false;
        }
        Content content = response.getContent();
        if (content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty()) {
            response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_REF))));
        }
        if (("429".equals(status) || "503".equals(status))
                && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
            response.addHeader("Retry-After", OASFactory.createHeader()
                    .description("Seconds to wait before trying again")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER).minimum(BigDecimal.ONE)));
        }
        return true;
    }

    private static boolean hasQueryParameters(Operation operation, List<Parameter> pathLevelParameters) {
        return inQuery(operation.getParameters()) || inQuery(pathLevelParameters);
    }

    private static boolean inQuery(List<Parameter> parameters) {
        return parameters != null && parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
    }

    private static boolean readsTypedBody(Operation operation) {
        List<String> types = bodyTypes(operation);
        return !types.isEmpty() && !types.contains("*/*");
    }

    private static List<String> bodyTypes(Operation operation) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                || operation.getRequestBody().getContent().getMediaTypes() == null) {
            return List.of();
        }
        return List.copyOf(operation.getRequestBody().getContent().getMediaTypes().keySet());
    }
}
