package io.tweestap.sms.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.sms.domain.Channel;
import io.tweestap.sms.domain.Language;
import io.tweestap.sms.domain.Purpose;
import io.tweestap.sms.service.CodeCheck;
import io.tweestap.sms.service.IssuedCode;
import io.tweestap.sms.service.PhoneVerificationService;
import io.tweestap.sms.service.PhoneVerificationService.StartVerification;
import io.tweestap.sms.service.VerifiedPhone;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/phone-verifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Phone verifications", description = "Codes by SMS or call that prove a person holds a phone number")
public class PhoneVerificationResource {

    static final String SCOPE = "sms:write";

    public record StartRequest(
            @NotBlank @Size(max = 256) String userId,
            @Pattern(regexp = "[A-Za-z]{2}") String regionCode,
            @NotBlank @Size(max = 32) String number,
            @NotNull @Pattern(regexp = "SMS|VOICE") String channel,
            @NotNull @Pattern(regexp = "nl|en") String language,
            @NotNull @Pattern(regexp = "ENROLLMENT|SIGN_IN") String purpose) {
    }

    public record CheckRequest(@NotBlank @Size(max = 16) String code) {
    }

    public record VerificationView(String verificationId, String phoneId, String maskedNumber, String channel,
            Instant expiresAt, Instant resendAvailableAt) {

        static VerificationView of(IssuedCode issued) {
            return new VerificationView(issued.verificationId().toString(), issued.phoneId().toString(),
                    issued.maskedNumber(), issued.channel().name(), issued.expiresAt(), issued.resendAvailableAt());
        }
    }

    public record CheckView(String verificationId, String status, String phoneId, String maskedNumber) {

        static CheckView of(VerifiedPhone verified) {
            return new CheckView(verified.verificationId().toString(), "VERIFIED", verified.phoneId().toString(),
                    verified.maskedNumber());
        }
    }

    @Inject
    PhoneVerificationService service;

    @Inject
    CodeCheck codeCheck;

    @Inject
    CallerTenant tenant;

    @POST
    @RolesAllowed(SCOPE)
    @Operation(operationId = "startPhoneVerification", summary = "Send a code by SMS or call to a number the user typed")
    @APIResponse(responseCode = "201", description = "The code is on its way; Location names the verification",
            headers = @Header(name = "Location", description = "The verification's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)))
    @APIResponse(responseCode = "422", description = CodeSendAnswers.NUMBER_REFUSED)
    @APIResponse(responseCode = "429", description = CodeSendAnswers.LIMITED)
    @APIResponse(responseCode = "502", description = CodeSendAnswers.VONAGE_REFUSED)
    @APIResponse(responseCode = "503", description = CodeSendAnswers.VONAGE_AWAY)
    public Uni<Response> start(@NotNull @Valid StartRequest request, UriInfo uri) {
        return service.start(tenant.id(), new StartVerification(request.userId(), request.regionCode(),
                        request.number(), Channel.valueOf(request.channel()), Language.of(request.language()),
                        Purpose.valueOf(request.purpose())))
                .map(issued -> Response
                        .created(uri.getAbsolutePathBuilder().path(issued.verificationId().toString()).build())
                        .entity(VerificationView.of(issued))
                        .build());
    }

    @POST
    @Path("/{verificationId}/check")
    @RolesAllowed(SCOPE)
    @Operation(operationId = "checkPhoneVerificationCode", summary = "Check the code the user typed; the right one verifies the phone")
    @APIResponse(responseCode = "200", description = "The right code: the phone is verified",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CheckView.class)))
    @APIResponse(responseCode = "404", description = "No such verification for this tenant")
    @APIResponse(responseCode = "409", description = "The phone is already verified")
    @APIResponse(responseCode = "410", description = "The code has expired; ask for a new one")
    @APIResponse(responseCode = "422", description = "Wrong code (attemptsLeft says how many tries remain)")
    @APIResponse(responseCode = "429", description = "Too many wrong codes: checks back off, or codes are locked for this user")
    public Uni<CheckView> check(@PathParam("verificationId") UUID verificationId,
            @NotNull @Valid CheckRequest request) {
        return codeCheck.check(tenant.id(), verificationId, request.code()).map(CheckView::of);
    }

    @POST
    @Path("/{verificationId}/resend")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(SCOPE)
    @Operation(operationId = "resendPhoneVerificationCode", summary = "Send a new code for a verification, once the wait is over")
    @APIResponse(responseCode = "202", description = "A new code is on its way", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VerificationView.class)))
    @APIResponse(responseCode = "404", description = "No such verification for this tenant")
    @APIResponse(responseCode = "409", description = "The phone is already verified")
    @APIResponse(responseCode = "422", description = CodeSendAnswers.NUMBER_REFUSED)
    @APIResponse(responseCode = "429", description = CodeSendAnswers.LIMITED)
    @APIResponse(responseCode = "502", description = CodeSendAnswers.VONAGE_REFUSED)
    @APIResponse(responseCode = "503", description = CodeSendAnswers.VONAGE_AWAY)
    public Uni<Response> resend(@PathParam("verificationId") UUID verificationId) {
        return service.resend(tenant.id(), verificationId)
                .map(issued -> Response.accepted(VerificationView.of(issued)).build());
    }
}
