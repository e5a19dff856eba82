package io.tweestap.challenge.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.service.AnswerOutcome;
import io.tweestap.challenge.service.ChallengeService;
import io.tweestap.challenge.service.DeviceRequests;
import io.tweestap.devicekeys.ChallengeAnswer;
import io.tweestap.devicekeys.SignedRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The phone's side. No bearer token: a device proves itself with its P-256 key on every call
 * (see device-keys). Listing pending challenges means a lost push is never a dead end.
 */
@Path("/api/v1/devices/{deviceId}/challenges")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Device")
public class DeviceChallengeResource {

    /** What the phone shows: who wants to sign in where. Never the number to match. */
    public record PendingChallenge(String challengeId, String serverNonce, String purpose, String application,
            String ipAddress, String location, Instant expiresAt) {

        static PendingChallenge of(PushChallenge challenge) {
            return new PendingChallenge(challenge.id.toString(), challenge.serverNonce, challenge.purpose.name(),
                    challenge.application, challenge.ipAddress, challenge.location, challenge.expiresAt);
        }
    }

    /** {@code signature} covers {@link ChallengeAnswer#statement()}. */
    public record Answer(@NotNull ChallengeAnswer.Decision decision, @Size(max = 6) String typedNumber,
            @NotBlank @Size(max = 200) String signature) {
    }

    public record AnswerResult(String challengeId, String status, String reason) {

        static AnswerResult of(AnswerOutcome outcome) {
            return new AnswerResult(outcome.challengeId(), outcome.status().name(),
                    outcome.reason() == null ? null : outcome.reason().name());
        }
    }

    @Inject
    DeviceRequests deviceRequests;

    @Inject
    ChallengeService challenges;

    @GET
    public Uni<List<PendingChallenge>> pending(@PathParam("deviceId") String deviceId,
            @HeaderParam(SignedRequest.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(SignedRequest.NONCE_HEADER) String nonce,
            @HeaderParam(SignedRequest.SIGNATURE_HEADER) String signature,
            UriInfo uri) {
        return deviceRequests.authenticate(deviceId, "GET", uri.getRequestUri().getRawPath(), timestamp, nonce, signature, null)
                .chain(device -> challenges.pendingFor(device))
                .map(found -> found.stream().map(PendingChallenge::of).toList());
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/{challengeId}/answer")
    public Uni<AnswerResult> answer(@PathParam("deviceId") String deviceId, @PathParam("challengeId") UUID challengeId,
            @NotNull @Valid Answer answer) {
        return challenges.answer(deviceId, challengeId, answer.decision(), answer.typedNumber(), answer.signature())
                .map(AnswerResult::of);
    }
}
