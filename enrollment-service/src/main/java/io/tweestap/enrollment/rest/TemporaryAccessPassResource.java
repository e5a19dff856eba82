package io.tweestap.enrollment.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.enrollment.domain.TemporaryAccessPass;
import io.tweestap.enrollment.service.TemporaryAccessPasses.IssuedPass;
import io.tweestap.enrollment.service.TemporaryAccessPasses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Temporary access passes (decision 0083): the help desk issues, lists and revokes a user's passes;
 * {@link AccessPassRedemptionResource} spends them.
 */
@Path("/api/v1/users/{userId}/temporary-access-passes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Temporary access passes", description = "Setting up a new device without a working second factor")
public class TemporaryAccessPassResource {

    @Schema(description = "The whole body is optional: none, an empty one or {} issues a single-use pass"
            + " with the tenant's default lifetime.")
    public record IssuePass(
            @Schema(description = "Minutes the pass is valid; within the tenant's limits (by default 10 to 480)."
                    + " Without it the tenant's default (by default 60).") @Positive Integer lifetimeMinutes,
            @Schema(description = "Used up by its first redemption (default true); false only where the tenant"
                    + " allows reuse.") Boolean oneTime) {
    }

    /** The pass as issued: {@code code} appears here once and nowhere else, ever. */
    public record IssuedPassView(String passId, String userId, String code, boolean oneTime, Instant issuedAt,
            Instant expiresAt) {
    }

    public record PassView(String passId, String userId, TemporaryAccessPass.Status status, boolean oneTime,
            Instant issuedAt, String issuedBy, Instant expiresAt, int redemptions, Instant redeemedAt,
            Instant revokedAt, String revokedBy) {

        static PassView of(TemporaryAccessPass pass, Instant now) {
            return new PassView(pass.id.toString(), pass.userId, pass.status(now), pass.oneTime, pass.issuedAt,
                    pass.issuedBy, pass.expiresAt, pass.redemptions, pass.redeemedAt, pass.revokedAt, pass.revokedBy);
        }
    }

    public record PassesView(List<PassView> passes) {
    }

    @Inject
    TemporaryAccessPasses service;

    @Inject
    Clock clock;

    @Inject
    CallerTenant tenant;

    @Inject
    JsonWebToken caller;

    @Inject
    OptionalJsonBody bodies;

    @POST
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:admin")
    @Operation(operationId = "issueTemporaryAccessPass",
            summary = "Issue a temporary access pass for a user whose identity the help desk has checked;"
                    + " the pass is in this answer only")
    @APIResponse(responseCode = "201", description = "Issued (TemporaryAccessPassIssued); show `code` to the user once",
            headers = @Header(name = "Location", description = "The pass's URL (DELETE revokes it)",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = IssuedPassView.class)))
    @APIResponse(responseCode = "400", description = "The lifetime is outside the tenant's limits, reuse is not"
            + " allowed, the body is not JSON, or the userId is longer than 256 characters")
    public Uni<Response> issue(@PathParam("userId") @Size(max = 256) String userId,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = IssuePass.class))) String body, UriInfo uri)
            throws JsonProcessingException {
        IssuePass request = requestFrom(body);
        return service.issue(tenant.id(), userId, request.lifetimeMinutes(), request.oneTime(), caller.getSubject())
                .map(issued -> Response.created(uri.getAbsolutePathBuilder().path(issued.pass().id.toString()).build())
                        .entity(view(issued)).build());
    }

    @GET
    @RolesAllowed("enrollment:admin")
    @Operation(operationId = "listTemporaryAccessPasses", summary = "The user's passes, newest first, without the passes themselves")
    @APIResponse(responseCode = "200", description = "The passes and their status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PassesView.class)))
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    public Uni<PassesView> list(@PathParam("userId") @Size(max = 256) String userId) {
        Instant now = clock.instant();
        return service.list(tenant.id(), userId)
                .map(all -> new PassesView(all.stream().map(pass -> PassView.of(pass, now)).toList()));
    }

    @DELETE
    @Path("/{passId}")
    @RolesAllowed("enrollment:admin")
    @Operation(operationId = "revokeTemporaryAccessPass", summary = "Revoke a pass: it opens nothing from now on")
    @APIResponse(responseCode = "204", description = "Revoked (TemporaryAccessPassRevoked the first time)")
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    @APIResponse(responseCode = "404", description = "No such pass for this user")
    public Uni<Response> revoke(@PathParam("userId") @Size(max = 256) String userId, @PathParam("passId") UUID passId) {
        return service.revoke(tenant.id(), userId, passId, caller.getSubject()).map(ignored -> Response.noContent().build());
    }

    /** No body, a blank one, {@code {}} or {@code null} (any Content-Type) asks for the defaults. */
    private IssuePass requestFrom(String body) throws JsonProcessingException {
        return bodies.read(body, IssuePass.class).orElse(new IssuePass(null, null));
    }

    private static IssuedPassView view(IssuedPass issued) {
        TemporaryAccessPass pass = issued.pass();
        return new IssuedPassView(pass.id.toString(), pass.userId, issued.code().grouped(), pass.oneTime,
                pass.issuedAt, pass.expiresAt);
    }
}
