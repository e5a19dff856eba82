package io.tweestap.enrollment.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.domain.PlatformPages;
import io.tweestap.enrollment.rest.EnrollmentResource.LinkView;
import io.tweestap.enrollment.service.TemporaryAccessPasses;
import io.tweestap.enrollment.service.TemporaryAccessPasses.Redemption;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The platform spends the temporary access pass a user typed instead of a second factor and gets
 * a setup wizard link for a new device (decision 0083). Every refusal is the same answer.
 */
@Path("/api/v1/temporary-access-passes/redemptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Temporary access passes")
public class AccessPassRedemptionResource {

    public record Redeem(
            @NotBlank @Size(max = 256) String userId,
            @Schema(description = "The pass as the user typed it; case, spaces and dashes do not matter.")
            @NotBlank @Size(max = 64) String code,
            @Schema(description = EnrollmentResource.RETURN_URL, format = "uri", maxLength = PlatformPageUrl.MAX_LENGTH)
            @PlatformPageUrl String returnUrl,
            @Schema(description = EnrollmentResource.SWITCH_ACCOUNT_URL, format = "uri",
                    maxLength = PlatformPageUrl.MAX_LENGTH) @PlatformPageUrl String switchAccountUrl) {
    }

    /** The wizard the pass opened: {@code link.url} goes to the user's browser, like an enrollment's link. */
    public record RedemptionView(String passId, String enrollmentId, LinkView link) {
    }

    @Inject
    TemporaryAccessPasses service;

    @Inject
    CallerTenant tenant;

    @POST
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "redeemTemporaryAccessPass",
            summary = "Spend the pass the user typed instead of a second factor; returns a setup wizard link")
    @APIResponse(responseCode = "201", description = "Redeemed (TemporaryAccessPassRedeemed, EnrollmentStarted);"
            + " open link.url in the user's browser",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RedemptionView.class)))
    @APIResponse(responseCode = "400", description = "A field is missing or invalid")
    @APIResponse(responseCode = "422", description = "temporary-access-pass-refused: no usable pass of this user"
            + " matches (unknown, expired, used, revoked or another tenant's); counts as a failed attempt")
    @APIResponse(responseCode = "429", description = "temporary-access-pass-locked: too many failed attempts for this"
            + " user; every redemption is refused until Retry-After")
    public Uni<Response> redeem(@NotNull @Valid Redeem request) {
        return service.redeem(tenant.id(), request.userId(), request.code(),
                        new PlatformPages(request.returnUrl(), request.switchAccountUrl()))
                .map(AccessPassRedemptionResource::answer);
    }

    private static Response answer(Redemption redemption) {
        if (redemption instanceof Redemption.Redeemed redeemed) {
            return Response.status(Response.Status.CREATED).entity(new RedemptionView(redeemed.passId().toString(),
                    redeemed.wizard().enrollment().id.toString(),
                    new LinkView(redeemed.wizard().link(), redeemed.wizard().linkExpiresAt()))).build();
        }
        if (redemption instanceof Redemption.Locked locked) {
            throw ProblemException.tooManyRequests("temporary-access-pass-locked",
                    "Too many wrong temporary access passes for this user; try again later", locked.retryAfter());
        }
        throw new ProblemException(Problem.of("temporary-access-pass-refused", "Temporary access pass refused", 422,
                "No usable temporary access pass of this user matches; the help desk can issue a new one"));
    }
}
