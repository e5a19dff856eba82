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

/**
 * challenge-service's REST API as far as the wizard needs it: creating the test push (how it ends
 * comes back as events), and withdrawing a move's push nobody answered in time. Answers come back as raw responses
 * because their 4xx statuses (409 device-not-known-yet) are part of the conversation.
 */
@RegisterRestClient(configKey = "challenge-service")
@Path("/api/v1/challenges")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface ChallengeServiceClient {

    record TestChallengeRequest(String userId, String purpose, String deviceId, String application) {
    }

    record ChallengeView(String challengeId, String status, String numberToShow, Instant expiresAt) {
    }

    @POST
    Uni<Response> create(@HeaderParam("Authorization") String bearer, TestChallengeRequest request);

    /** Withdraws a push still pending: the old device's question of a move that timed out (decision 0094). */
    @POST
    @Path("/{challengeId}/cancel")
    Uni<Response> cancel(@HeaderParam("Authorization") String bearer, @PathParam("challengeId") String challengeId);
}
