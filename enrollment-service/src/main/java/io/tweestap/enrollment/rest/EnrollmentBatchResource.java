package io.tweestap.enrollment.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.enrollment.rest.EnrollmentResource.EnrollmentView;
import io.tweestap.enrollment.rest.EnrollmentResource.LinkView;
import io.tweestap.enrollment.rest.EnrollmentResource.StartEnrollment;
import io.tweestap.enrollment.service.EnrollmentService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Many enrollments in one call, for a platform team that invites a whole department (issue 13):
 * each user gets the enrollment and single-use wizard link that {@code POST /api/v1/enrollments}
 * would give, all in one transaction, so a list is started completely or not at all.
 */
@Path("/api/v1/enrollment-batches")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Enrollments")
public class EnrollmentBatchResource {

    /** The most users one batch may name: a bound on one transaction and one answer, not on an organisation. */
    public static final int MAX_SIZE = 1000;

    public record StartEnrollmentBatch(
            @Schema(description = "One item per user, each as the body of POST /api/v1/enrollments; 1 to " + MAX_SIZE
                    + " items, no userId twice") @NotNull @Size(min = 1, max = MAX_SIZE) @DistinctUserIds
            List<@NotNull @Valid StartEnrollment> enrollments) {
    }

    /** The enrollments started, in the order of the request, each with its wizard link. */
    public record EnrollmentBatchView(List<EnrollmentView> enrollments) {
    }

    @Inject
    EnrollmentService service;

    @Inject
    CallerTenant tenant;

    @POST
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "startEnrollmentBatch",
            summary = "Start enrollments for up to 1000 users in one call; returns each one's wizard link")
    @APIResponse(responseCode = "201", description = "All started, in the order asked; each link.url is that user's wizard."
            + " A list with any invalid item (a blank or too long userId, a bad returnUrl, a userId twice) or more than "
            + MAX_SIZE + " items starts none of them and answers 400 naming each item",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EnrollmentBatchView.class)))
    public Uni<Response> start(@NotNull @Valid StartEnrollmentBatch request) {
        List<EnrollmentService.Start> starts = request.enrollments().stream()
                .map(item -> new EnrollmentService.Start(item.userId(), item.pages())).toList();
        return service.startAll(tenant.id(), starts)
                .map(started -> Response.status(Response.Status.CREATED).entity(new EnrollmentBatchView(started.stream()
                        .map(one -> EnrollmentView.of(one.enrollment(), new LinkView(one.link(), one.linkExpiresAt())))
                        .toList())).build());
    }
}
