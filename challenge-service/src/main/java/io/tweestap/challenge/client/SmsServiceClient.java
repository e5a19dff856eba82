package io.tweestap.challenge.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** sms-service's API for the sign-in fallback; only ids and masked numbers travel here. */
@RegisterRestClient(configKey = "sms-service")
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface SmsServiceClient {

    record SendCode(String userId, String language, String purpose, String channel) {
    }

    record CodeCheck(String code) {
    }

    /** @param requestKey the sign-in's id: sms-service answers a repeat of this send without texting again */
    @POST
    @Path("/phones/{phoneId}/verifications")
    Uni<Response> sendCode(@HeaderParam("Authorization") String bearer, @HeaderParam("Idempotency-Key") String requestKey,
            @PathParam("phoneId") String phoneId, SendCode request);

    @POST
    @Path("/phone-verifications/{verificationId}/check")
    Uni<Response> check(@HeaderParam("Authorization") String bearer, @PathParam("verificationId") String verificationId,
            CodeCheck check);
}
