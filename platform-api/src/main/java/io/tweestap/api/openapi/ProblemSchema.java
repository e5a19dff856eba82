package io.tweestap.api.openapi;

import java.util.List;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/** The JSON Schema of platform-api's {@code Problem} (RFC 9457) for the OpenAPI documents. */
final class ProblemSchema {

    private ProblemSchema() {
    }

    static Schema problem() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem document: what went wrong, written for the developer of the calling"
                        + " platform. Some answers add members of their own (e.g. pendingChallengeId, requiredScopes).")
                .required(List.of("type", "title", "status"))
                .addProperty("type", text("Identifies the kind of problem, e.g. https://tweestap.io/problems/insufficient-scope")
                        .format("uri"))
                .addProperty("title", text("Short summary of the kind of problem"))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).description("The HTTP status"))
                .addProperty("detail", text("What went wrong this time and what to change"))
                .addProperty("instance", text("The path of the request"))
                .addProperty("violations", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .description("The invalid fields of a 400, each named as the request carries it")
                        .items(OASFactory.createSchema().ref("#/components/schemas/Violation")))
                .additionalPropertiesBoolean(Boolean.TRUE);
    }

    static Schema violation() {
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .required(List.of("field", "message"))
                .addProperty("field", text("A query, path or header parameter's name, or a path in the body such as"
                        + " address.street or lines[1].name; (body) for the body as a whole"))
                .addProperty("message", text("What is wrong with it"));
    }

    private static Schema text(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }
}
