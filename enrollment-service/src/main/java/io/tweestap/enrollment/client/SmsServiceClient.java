package io.tweestap.enrollment.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** sms-service's phone verifications: the only place the full number goes. */
@RegisterRestClient(configKey = "sms-service")
@Path("/api/v1/phone-verifications")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SmsServiceClient {

    record VerificationRequest(String userId, String regionCode, String number, String channel, String language,
            String purpose) {
    }

    record VerificationView(String verificationId, String phoneId, String maskedNumber, String channel,
            Instant expiresAt, Instant resendAvailableAt) {
    }

    record CodeCheck(String code) {
    }

    record CheckResult(String status, String phoneId, String maskedNumber, Integer attemptsLeft) {
    }

    @POST
    Uni<Response> start(@HeaderParam("Authorization") String bearer, VerificationRequest request);

    @POST
    @Path("/{verificationId}/check")
    Uni<Response> check(@HeaderParam("Authorization") String bearer, @PathParam("verificationId") String verificationId,
            CodeCheck check);

    @POST
    @Path("/{verificationId}/resend")
    Uni<Response> resend(@HeaderParam("Authorization") String bearer, @PathParam("verificationId") String verificationId);
}
