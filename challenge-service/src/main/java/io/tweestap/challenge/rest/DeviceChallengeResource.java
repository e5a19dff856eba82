package io.tweestap.challenge.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.service.AnswerOutcome;
import io.tweestap.challenge.service.ChallengeService;
import io.tweestap.challenge.service.SignedAnswers;
import io.tweestap.challenge.service.DeviceRequests;
import io.tweestap.devicekeys.ChallengeAnswer;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.devicekeys.SignedRequestVerifier.Presented;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The phone's side. No bearer token: a device proves itself with its P-256 key on every call
 * (see device-keys). Listing pending challenges means a lost push is never a dead end.
 */
@Path("/api/v1/devices/{deviceId}/challenges")
@Produces(MediaType.APPLICATION_JSON)
@PermitAll
@Tag(name = "Device", description = "The authenticator's side, signed with the device key instead of a bearer token")
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

    @Inject
    SignedAnswers answers;

    @GET
    @Operation(operationId = "listPendingChallenges", summary = "The challenges waiting for this device's answer",
            description = "Called by the authenticator, not by a platform: no bearer token; the request is signed with"
                    + " the device's key (timestamp, nonce and signature headers, see device-keys).")
    @APIResponse(responseCode = "200", description = "The pending challenges (never the number to match)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(type = SchemaType.ARRAY, implementation = PendingChallenge.class)))
    @APIResponse(responseCode = "401", description = "Unknown device, or a missing, stale, reused or wrong signature")
    public Uni<List<PendingChallenge>> pending(@PathParam("deviceId") String deviceId,
            @HeaderParam(SignedRequest.DEVICE_HEADER) String claimedDevice,
            @HeaderParam(SignedRequest.TIMESTAMP_HEADER) String timestamp,
            @HeaderParam(SignedRequest.NONCE_HEADER) String nonce,
            @HeaderParam(SignedRequest.SIGNATURE_HEADER) String signature,
            UriInfo uri) {
        // One transaction for the nonce and the list: a commit less per look at the phone's screen.
        return Panache.withTransaction(() -> deviceRequests.authenticate(deviceId, "GET", uri.getRequestUri().getRawPath(),
                                new Presented(claimedDevice, timestamp, nonce, signature), null)
                        .chain(device -> challenges.pendingFor(device)))
                .map(found -> found.stream().map(PendingChallenge::of).toList());
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @Path("/{challengeId}/answer")
    @Operation(operationId = "answerChallenge", summary = "Approve (with the typed number) or deny a challenge, or report fraud",
            description = "Called by the authenticator: no bearer token; the answer is signed with the device's key.")
    @APIResponse(responseCode = "200", description = "The outcome: approved, or denied with the reason",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AnswerResult.class)))
    @APIResponse(responseCode = "401", description = "Unknown device, or the answer is not signed by its key")
    @APIResponse(responseCode = "403", description = "The device has not passed its test push and cannot answer sign-ins"
            + " (device-not-verified), or an administrator blocked it (device-blocked)")
    @APIResponse(responseCode = "404", description = "No such challenge for this device")
    @APIResponse(responseCode = "409", description = "Already answered, expired or cancelled")
    public Uni<AnswerResult> answer(@PathParam("deviceId") String deviceId, @PathParam("challengeId") UUID challengeId,
            @NotNull @Valid Answer answer) {
        return answers.answer(deviceId, challengeId, answer.decision(), answer.typedNumber(), answer.signature())
                .map(AnswerResult::of);
    }
}
