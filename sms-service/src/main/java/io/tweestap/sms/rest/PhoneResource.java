package io.tweestap.sms.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.Language;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.rest.PhoneVerificationResource.VerificationView;
import io.tweestap.sms.service.PhoneVerificationService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Codes to phones that are already verified: the SMS / voice fallback when signing in. */
@Path("/api/v1/phones")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Phones", description = "Codes to phones already verified: the SMS or call fallback at sign-in")
public class PhoneResource {

    public record SendCodeRequest(
            @NotBlank @Size(max = 256) String userId,
            @NotNull @Pattern(regexp = "nl|en") String language,
            @NotNull @Pattern(regexp = "ENROLLMENT|SIGN_IN") String purpose,
            @NotNull @Pattern(regexp = "SMS|VOICE") String channel) {
    }

    /** The header of the IETF draft "The Idempotency-Key HTTP Header Field". */
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    PhoneVerificationService service;

    @Inject
    CallerTenant tenant;

    @POST
    @Path("/{phoneId}/verifications")
    @RolesAllowed(PhoneVerificationResource.SCOPE)
    @Operation(operationId = "sendCodeToPhone", summary = "Send a code by SMS or call to a verified phone")
    @APIResponse(responseCode = "201", description = "The code is on its way",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PhoneVerificationResource.VerificationView.class)))
    @APIResponse(responseCode = "404", description = "No such phone for this tenant")
    @APIResponse(responseCode = "409", description = "The phone is not verified")
    @APIResponse(responseCode = "422", description = CodeSendAnswers.NUMBER_REFUSED
            + "; or the Idempotency-Key was already used for a send to another phone, channel or purpose")
    @APIResponse(responseCode = "429", description = CodeSendAnswers.LIMITED)
    @APIResponse(responseCode = "502", description = CodeSendAnswers.VONAGE_REFUSED)
    @APIResponse(responseCode = "503", description = CodeSendAnswers.VONAGE_AWAY)
    public Uni<Response> sendCode(@PathParam("phoneId") UUID phoneId,
            @Parameter(description = "The caller's key for this one send, e.g. its sign-in's id: the same request again"
                    + " with the same key (its answer was lost) gets the same verification, and no second code is sent")
            @HeaderParam(IDEMPOTENCY_KEY) @Size(min = 1, max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]+") String requestKey,
            @NotNull @Valid SendCodeRequest request) {
        return service.startForPhone(tenant.id(), phoneId, request.userId(), Channel.valueOf(request.channel()),
                        Language.of(request.language()), Purpose.valueOf(request.purpose()), requestKey)
                .map(issued -> Response.status(Response.Status.CREATED).entity(VerificationView.of(issued)).build());
    }
}
