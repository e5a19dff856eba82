package io.tweestap.enrollment.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.domain.Enrollment;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.service.EnrollmentService.StartedEnrollment;
import io.tweestap.enrollment.service.EnrollmentService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollments", description = "Setting up a user's methods: the enrollment and its single-use wizard links")
public class EnrollmentResource {

    static final String RETURN_URL = "Optional. Where the wizard's \"Done\" button takes the person when setup is"
            + " complete. Absolute https URL (http only for localhost or 127.0.0.1), at most 2048 characters,"
            + " no user info. Without it the last page says it can be closed.";
    static final String SWITCH_ACCOUNT_URL = "Optional. Where the wizard's \"Use a different account\" link takes"
            + " the person, e.g. the platform's sign-out. Same rules as returnUrl. Without it there is no such link.";

    public record StartEnrollment(
            @NotBlank @Size(max = 256) String userId,
            @Schema(description = RETURN_URL, format = "uri", maxLength = PlatformPageUrl.MAX_LENGTH,
                    examples = "https://portal.example.org/signed-in") @PlatformPageUrl String returnUrl,
            @Schema(description = SWITCH_ACCOUNT_URL, format = "uri", maxLength = PlatformPageUrl.MAX_LENGTH,
                    examples = "https://portal.example.org/sign-out") @PlatformPageUrl String switchAccountUrl) {

        PlatformPages pages() {
            return new PlatformPages(returnUrl, switchAccountUrl);
        }
    }

    /** The optional body of a new link: the platform's pages the wizard opened by it may lead to. */
    @Schema(description = "The platform's pages for the wizard this link opens. The whole body is optional:"
            + " none, an empty one or {} issues a link without them.")
    public record NewLink(
            @Schema(description = RETURN_URL, format = "uri", maxLength = PlatformPageUrl.MAX_LENGTH,
                    examples = "https://portal.example.org/signed-in") @PlatformPageUrl String returnUrl,
            @Schema(description = SWITCH_ACCOUNT_URL, format = "uri", maxLength = PlatformPageUrl.MAX_LENGTH,
                    examples = "https://portal.example.org/sign-out") @PlatformPageUrl String switchAccountUrl) {

        PlatformPages pages() {
            return new PlatformPages(returnUrl, switchAccountUrl);
        }
    }

    /** The wizard URL: single use, opened in the user's browser before {@code expiresAt}. */
    public record LinkView(URI url, Instant expiresAt) {
    }

    public record EnrollmentView(String enrollmentId, String userId, String status, Instant createdAt,
            Instant completedAt, LinkView link) {

        static EnrollmentView of(Enrollment enrollment, LinkView link) {
            return new EnrollmentView(enrollment.id.toString(), enrollment.userId, enrollment.status.name(),
                    enrollment.createdAt, enrollment.completedAt, link);
        }
    }

    @Inject
    EnrollmentService service;

    @Inject
    CallerTenant tenant;

    @Inject
    OptionalJsonBody bodies;

    @POST
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "startEnrollment",
            summary = "Start an enrollment for a user the platform has just signed in; returns the wizard link")
    @APIResponse(responseCode = "201", description = "Started; Location names the enrollment, link.url is the wizard",
            headers = @Header(name = "Location", description = "The enrollment's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EnrollmentView.class)))
    public Uni<Response> start(@NotNull @Valid StartEnrollment request, UriInfo uri) {
        return service.start(tenant.id(), request.userId(), request.pages())
                .map(started -> Response
                        .created(uri.getAbsolutePathBuilder().path(started.enrollment().id.toString()).build())
                        .entity(view(started))
                        .build());
    }

    @POST
    @Path("/{enrollmentId}/links")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "issueEnrollmentLink", summary = "A fresh single-use wizard link for an open enrollment")
    @APIResponse(responseCode = "201", description = "A new link (earlier links stay valid until used or expired)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = LinkView.class)))
    @APIResponse(responseCode = "404", description = "No such enrollment for this tenant")
    @APIResponse(responseCode = "409", description = "The enrollment is no longer open")
    public Uni<Response> newLink(@PathParam("enrollmentId") UUID enrollmentId,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = NewLink.class))) String body) throws JsonProcessingException {
        return service.newLink(tenant.id(), enrollmentId, pagesFrom(body))
                .map(started -> Response.status(Response.Status.CREATED)
                        .entity(new LinkView(started.link(), started.linkExpiresAt())).build());
    }

    @GET
    @Path("/{enrollmentId}")
    @RolesAllowed("enrollment:read")
    @Operation(operationId = "getEnrollment", summary = "An enrollment's status (open, completed, ...)")
    @APIResponse(responseCode = "200", description = "The enrollment", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EnrollmentView.class)))
    @APIResponse(responseCode = "404", description = "No such enrollment for this tenant")
    public Uni<EnrollmentView> get(@PathParam("enrollmentId") UUID enrollmentId) {
        return service.find(tenant.id(), enrollmentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Enrollment " + enrollmentId))
                .map(enrollment -> EnrollmentView.of(enrollment, null));
    }

    /**
     * Callers from before the body existed post nothing, or {@code {}}, with whatever Content-Type
     * their HTTP client sets; that still means "no pages". Anything else is read as JSON, whatever
     * the Content-Type says, so a platform's pages are never silently dropped.
     */
    private PlatformPages pagesFrom(String body) throws JsonProcessingException {
        return bodies.read(body, NewLink.class).map(NewLink::pages).orElse(PlatformPages.NONE);
    }

    private static EnrollmentView view(StartedEnrollment started) {
        return EnrollmentView.of(started.enrollment(), new LinkView(started.link(), started.linkExpiresAt()));
    }
}
