package io.tweestap.enrollment.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.domain.Enrollment;
import io.tweestap.enrollment.service.EnrollmentService;
import io.tweestap.enrollment.service.EnrollmentService.StartedEnrollment;
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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/enrollments")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollments")
@SecurityRequirement(name = "SecurityScheme")
public class EnrollmentResource {

    public record StartEnrollment(@NotBlank @Size(max = 256) String userId) {
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

    @POST
    @RolesAllowed("enrollment:write")
    @Operation(summary = "Start an enrollment for a user the platform has just signed in; returns the wizard link")
    public Uni<Response> start(@NotNull @Valid StartEnrollment request, UriInfo uri) {
        return service.start(tenant.id(), request.userId())
                .map(started -> Response
                        .created(uri.getAbsolutePathBuilder().path(started.enrollment().id.toString()).build())
                        .entity(view(started))
                        .build());
    }

    @POST
    @Path("/{enrollmentId}/links")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:write")
    @Operation(summary = "A fresh single-use wizard link for an open enrollment")
    public Uni<Response> newLink(@PathParam("enrollmentId") UUID enrollmentId) {
        return service.newLink(tenant.id(), enrollmentId)
                .map(started -> Response.status(Response.Status.CREATED)
                        .entity(new LinkView(started.link(), started.linkExpiresAt())).build());
    }

    @GET
    @Path("/{enrollmentId}")
    @RolesAllowed("enrollment:read")
    public Uni<EnrollmentView> get(@PathParam("enrollmentId") UUID enrollmentId) {
        return service.find(tenant.id(), enrollmentId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Enrollment " + enrollmentId))
                .map(enrollment -> EnrollmentView.of(enrollment, null));
    }

    private static EnrollmentView view(StartedEnrollment started) {
        return EnrollmentView.of(started.enrollment(), new LinkView(started.link(), started.linkExpiresAt()));
    }
}
