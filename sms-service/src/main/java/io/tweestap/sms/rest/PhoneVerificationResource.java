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
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/phone-verifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Phone verifications")
@SecurityRequirement(name = "SecurityScheme")
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
    public Uni<CheckView> check(@PathParam("verificationId") UUID verificationId,
            @NotNull @Valid CheckRequest request) {
        return codeCheck.check(tenant.id(), verificationId, request.code()).map(CheckView::of);
    }

    @POST
    @Path("/{verificationId}/resend")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed(SCOPE)
    public Uni<Response> resend(@PathParam("verificationId") UUID verificationId) {
        return service.resend(tenant.id(), verificationId)
                .map(issued -> Response.accepted(VerificationView.of(issued)).build());
    }
}
