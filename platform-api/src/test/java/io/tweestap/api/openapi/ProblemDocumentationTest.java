package io.tweestap.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.junit.jupiter.api.Test;

/** What the build-time filter writes into every service's OpenAPI document. */
class ProblemDocumentationTest {

    private static Operation securedWithQueryAndBody() {
        return OASFactory.createOperation().operationId("poll")
                .security(List.of(OASFactory.createSecurityRequirement().addScheme("SecurityScheme", "challenge:read")))
                .addParameter(OASFactory.createParameter().name("wait").in(Parameter.In.QUERY))
                .requestBody(OASFactory.createRequestBody().content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType())))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("ok"))
                        .addAPIResponse("429", OASFactory.createAPIResponse().description("limited")));
    }

    private static OpenAPI document(Operation... operations) {
        OpenAPI api = OASFactory.createOpenAPI().paths(OASFactory.createPaths());
        for (int i = 0; i < operations.length; i++) {
            api.getPaths().addPathItem("/op" + i, OASFactory.createPathItem().POST(operations[i]));
        }
        return api;
    }

    @Test
    void everyErrorAnswerOfASecuredOperationIsAProblemWithWhatTheMappingAnswers() {
        Operation poll = securedWithQueryAndBody();
        OpenAPI api = document(poll);

        new ProblemDocumentation().filterOpenAPI(api);

        Map<String, APIResponse> answers = poll.getResponses().getAPIResponses();
        assertThat(answers).containsKeys("200", "400", "401", "403", "415", "429");
        for (String status : List.of("400", "401", "403", "415", "429")) {
            assertThat(answers.get(status).getContent().getMediaTypes()).containsOnlyKeys("application/problem+json");
            assertThat(answers.get(status).getContent().getMediaType("application/problem+json").getSchema().getRef())
                    .isEqualTo(ProblemDocumentation.PROBLEM_REF);
        }
        assertThat(answers.get("200").getContent()).isNull();
        assertThat(answers.get("429").getHeaders()).containsKey("Retry-After");
        assertThat(answers.get("415").getDescription()).isEqualTo("The body is not sent as application/json");
        assertThat(api.getComponents().getSchemas()).containsKeys("Problem", "Violation");
    }

    @Test
    void anOperationWithoutATokenSaysSoAndAnEmptyBodyStaysEmpty() {
        Operation upgrade = OASFactory.createOperation().operationId("stream")
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("101", OASFactory.createAPIResponse().description("switching"))
                        .addAPIResponse("401", OASFactory.createAPIResponse().description("refused")
                                .addExtension(ProblemDocumentation.EMPTY_BODY, Boolean.TRUE)));
        OpenAPI api = document(upgrade);
        api.setComponents(OASFactory.createComponents()
                .addSecurityScheme("SecurityScheme", OASFactory.createSecurityScheme()));

        new ProblemDocumentation().filterOpenAPI(api);

        assertThat(upgrade.getSecurity()).isEmpty();
        assertThat(upgrade.getResponses().getAPIResponse("401").getContent()).isNull();
        assertThat(upgrade.getResponses().getAPIResponses()).doesNotContainKey("403");
        assertThat(api.getComponents().getSchemas()).as("no operation refers to Problem").isNullOrEmpty();
        assertThat(api.getComponents().getSecuritySchemes()).as("no operation uses the bearer token").isNullOrEmpty();
    }
}
