package io.tweestap.enrollment.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.enrollment.rest.EnrollmentResource.LinkView;
import io.tweestap.enrollment.service.MethodsPageAccess;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform obtains a link to the user's own methods page, "My sign-in methods", for a user it
 * has signed in (decision 0090): single use, short-lived, like the wizard's enrolment link.
 */
@Path("/api/v1/users/{userId}/methods-page-links")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "User registration")
public class MethodsPageLinkResource {

    @Schema(description = "The whole body is optional: none, an empty one or {} issues a link without a way back.")
    public record NewMethodsPageLink(
            @Schema(description = "Optional. Where the page's \"Back\" link takes the person. Absolute https URL"
                    + " (http only for localhost or 127.0.0.1), at most 2048 characters, no user info.",
                    format = "uri", maxLength = PlatformPageUrl.MAX_LENGTH, examples = "https://portal.example.org/account")
            @PlatformPageUrl String returnUrl) {
    }

    @Inject
    MethodsPageAccess access;

    @Inject
    CallerTenant tenant;

    @Inject
    OptionalJsonBody bodies;

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "issueMethodsPageLink",
            summary = "A single-use link to the user's own methods page, for a user the platform has just signed in")
    @APIResponse(responseCode = "201", description = "Open url in the user's browser before expiresAt; it works once",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LinkView.class)))
    @APIResponse(responseCode = "400", description = "The returnUrl is not an acceptable URL, the body is not JSON,"
            + " or the userId is longer than 256 characters")
    public Uni<Response> issue(@PathParam("userId") @Size(max = 256) String userId,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = NewMethodsPageLink.class))) String body) throws JsonProcessingException {
        return access.issue(tenant.id(), userId, returnUrlFrom(body))
                .map(issued -> Response.status(Response.Status.CREATED)
                        .entity(new LinkView(issued.url(), issued.expiresAt())).build());
    }

    /** No body, a blank one, {@code {}} or {@code null} (any Content-Type) means no way back. */
    private String returnUrlFrom(String body) throws JsonProcessingException {
        return bodies.read(body, NewMethodsPageLink.class).map(NewMethodsPageLink::returnUrl).orElse(null);
    }
}
