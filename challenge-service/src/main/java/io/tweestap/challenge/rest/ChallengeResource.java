package io.tweestap.challenge.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.domain.ChallengeStatus;
import io.tweestap.challenge.domain.Purpose;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.service.ChallengeOutcomes;
import io.tweestap.challenge.service.ChallengeService;
import io.tweestap.challenge.service.Creation;
import io.tweestap.challenge.service.NewChallenge;
import io.tweestap.challenge.service.PushCreation;
import io.tweestap.challenge.service.SignInPolicies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platform's side: ask the user to approve a sign-in, then learn the outcome. */
@Path("/api/v1/challenges")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Challenges", description = "Sign-ins and setup test pushes the platform asks the user to approve")
public class ChallengeResource {

    static final int MAX_WAIT_SECONDS = 30;

    public record CreateChallenge(
            @NotBlank @Size(max = 256) String userId,
            @NotNull Purpose purpose,
            @Size(max = 64) String deviceId,
            @Size(max = 200) String application,
            @Size(max = 64) String ipAddress,
            @Size(max = 200) String location,
            @Pattern(regexp = "PUSH|SMS|VOICE") String method,
            @Pattern(regexp = "nl|en") String language) {
    }

    public record SmsCode(@NotBlank @Size(max = 16) String code) {
    }

    /** Only the creator sees the number: it goes on the sign-in screen, never to the phone. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record CreatedChallenge(String challengeId, String status, String purpose, String method, String numberToShow, Instant expiresAt) {
    }

    public record ChallengeView(String challengeId, String userId, String purpose, String method, String status, String application,
            Instant createdAt, Instant expiresAt, Instant decidedAt, String deviceId, String reason,
            @Schema(description = "The method that decided: PUSH (a device answered), SMS or VOICE (a code); null while"
                    + " pending and for an expired or cancelled challenge") String decidedBy,
            @Schema(description = "SMS or VOICE once a sign-in push nobody's phone acknowledged fell back to a code by"
                    + " itself (the tenant's sign-in policy): ask for the code; the push still counts too") String fallbackMethod) {

        static ChallengeView of(PushChallenge challenge) {
            return new ChallengeView(challenge.id.toString(), challenge.userId, challenge.purpose.name(), challenge.method,
                    challenge.status.name(),
                    challenge.application, challenge.createdAt, challenge.expiresAt, challenge.decidedAt, challenge.decidedBy,
                    challenge.reason, challenge.decidedMethod, challenge.fallbackMethod);
        }
    }

    @Inject
    ChallengeService challenges;

    @Inject
    PushCreation pushCreation;

    @Inject
    ChallengeOutcomes outcomes;

    @Inject
    io.tweestap.challenge.service.SmsFallback smsFallback;

    @Inject
    SignInPolicies signInPolicies;

    @Inject
    CallerTenant tenant;

    @Consumes(MediaType.APPLICATION_JSON)
    @POST
    @RolesAllowed("challenge:write")
    @Operation(operationId = "createChallenge", summary = "Ask the user to approve a sign-in or a setup test push",
            description = "A push to the user's verified authenticators (the answer carries the number to show on the"
                    + " sign-in screen), or with method SMS or VOICE a code sent to the user's verified phone. The tenant's"
                    + " sign-in policy says which methods are allowed. Follow the outcome"
                    + " with getChallenge (long-poll with wait).")
    @APIResponse(responseCode = "201", description = "Created; Location names the challenge",
            headers = @Header(name = "Location", description = "The challenge's URL", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedChallenge.class)))
    @APIResponse(responseCode = "403", description = "The tenant's sign-in policy does not allow this method (method-not-allowed,"
            + " with allowedMethods), or the token lacks the scope")
    @APIResponse(responseCode = "409", description = "No challenge can be opened: pushes blocked after a fraud report,"
            + " no verified authenticator, the device not known yet or blocked (a test push), or a sign-in already pending (pendingChallengeId)")
    @APIResponse(responseCode = "429", description = "Pushes paused or limited for this user, or no SMS can be sent right now")
    @APIResponse(responseCode = "502", description = "sms-service could not send the code of an SMS sign-in")
    @APIResponse(responseCode = "503", description = "sms-service did not answer, so whether the code went out is not known"
            + " (sms-send-unconfirmed): create again after Retry-After to resume the sign-in named by pendingChallengeId")
    public Uni<Response> create(@NotNull @Valid CreateChallenge request, UriInfo uri) {
        if (request.purpose() == Purpose.ENROLLMENT_TEST && (request.deviceId() == null || request.deviceId().isBlank())) {
            throw new ProblemException(Problem.of("invalid-request", "Bad request", 400,
                    "An ENROLLMENT_TEST challenge names the device to test")
                    .withViolations(java.util.List.of(new Problem.Violation("deviceId", "must not be blank"))));
        }
        NewChallenge challenge = new NewChallenge(request.userId(), request.purpose(), request.deviceId(),
                request.application(), request.ipAddress(), request.location(),
                request.language() == null ? "nl" : request.language());
        SignInMethod method = request.method() == null ? SignInMethod.PUSH : SignInMethod.valueOf(request.method());
        if (method != SignInMethod.PUSH && request.purpose() != Purpose.SIGN_IN) {
            throw new ProblemException(Problem.of("invalid-request", "Bad request", 400,
                    "Only a SIGN_IN challenge can use a code by SMS or call"));
        }
        String tenantId = tenant.id();
        if (method == SignInMethod.PUSH) {
            // The policy is read in the transaction that creates the push: a push sign-in commits once here.
            return pushCreation.create(tenantId, challenge).map(creation -> answer(creation, method, uri));
        }
        // An SMS sign-in calls sms-service between its own transactions: the policy is judged in one of its own first.
        return signInPolicies.admit(tenantId, challenge, method)
                .chain(() -> smsFallback.start(tenantId, challenge, challenge.language(), method))
                .map(creation -> answer(creation, method, uri));
    }

    private static Response answer(Creation creation, SignInMethod method, UriInfo uri) {
        if (creation instanceof Creation.NotAllowed notAllowed) {
            throw SignInPolicies.notAllowed(method, notAllowed.allowedMethods());
        }
        if (creation instanceof Creation.Created created) {
            PushChallenge c = created.challenge();
            // A sign-in by code has no number to show: the code goes to the phone.
            String numberToShow = PushChallenge.METHOD_PUSH.equals(c.method) ? c.numberToMatch : null;
            return Response.created(uri.getAbsolutePathBuilder().path(c.id.toString()).build())
                    .entity(new CreatedChallenge(c.id.toString(), c.status.name(), c.purpose.name(), c.method, numberToShow, c.expiresAt))
                    .build();
        }
        throw refused((Creation.Refused) creation);
    }

    /**
     * Long-polling: with {@code wait} the answer comes the moment the challenge is decided, or
     * after at most {@code wait} seconds with the still pending challenge.
     */
    @GET
    @Path("/{challengeId}")
    @RolesAllowed("challenge:read")
    @Operation(operationId = "getChallenge", summary = "A challenge's state; with wait, long-poll until it is decided")
    @APIResponse(responseCode = "200", description = "The challenge, decided or (after wait seconds) still pending",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChallengeView.class)))
    @APIResponse(responseCode = "404", description = "No such challenge for this tenant")
    public Uni<ChallengeView> get(@PathParam("challengeId") UUID challengeId,
            @QueryParam("wait") @DefaultValue("0") @Min(0) @Max(MAX_WAIT_SECONDS) int waitSeconds) {
        String tenantId = tenant.id();
        // Each subscription reads anew: the long-poll reads once, and again only after its wait.
        Uni<PushChallenge> read = Uni.createFrom().deferred(() -> challenges.find(tenantId, challengeId));
        return (waitSeconds == 0 ? read : outcomes.awaitDecision(challengeId, Duration.ofSeconds(waitSeconds), read,
                        challenge -> challenge.status == ChallengeStatus.PENDING, notice -> notice.challengeFor(tenantId)))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Challenge " + challengeId))
                .map(ChallengeView::of);
    }

    @POST
    @Path("/{challengeId}/cancel")
    @RolesAllowed("challenge:write")
    @Operation(operationId = "cancelChallenge", summary = "Withdraw a pending challenge (the push leaves the phone)")
    @APIResponse(responseCode = "200", description = "The challenge, cancelled",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChallengeView.class)))
    @APIResponse(responseCode = "404", description = "No such challenge for this tenant")
    @APIResponse(responseCode = "409", description = "No longer pending: answered, expired or cancelled before")
    public Uni<ChallengeView> cancel(@PathParam("challengeId") UUID challengeId) {
        String tenantId = tenant.id();
        return challenges.cancel(tenantId, challengeId)
                .chain(() -> challenges.find(tenantId, challengeId))
                .map(ChallengeView::of);
    }

    /** The SMS fallback: the platform submits the code the user typed on the sign-in page. */
    @POST
    @Path("/{challengeId}/sms-code")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("challenge:write")
    @Operation(operationId = "submitSmsCode", summary = "Submit the code the user typed for an SMS sign-in")
    @APIResponse(responseCode = "200", description = "Right code: the challenge, approved",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChallengeView.class)))
    @APIResponse(responseCode = "404", description = "No such challenge for this tenant")
    @APIResponse(responseCode = "409", description = "Not an SMS challenge, or no longer pending")
    @APIResponse(responseCode = "410", description = "The code expired or was tried too often: the sign-in is denied")
    @APIResponse(responseCode = "422", description = "Wrong code (attemptsLeft says how many tries remain)")
    @APIResponse(responseCode = "503", description = "sms-service did not answer (sms-check-unavailable): nothing was decided;"
            + " submit the code again after Retry-After")
    public Uni<ChallengeView> submitSmsCode(@PathParam("challengeId") UUID challengeId, @NotNull @Valid SmsCode code) {
        return smsFallback.submitCode(tenant.id(), challengeId, code.code()).map(ChallengeView::of);
    }

    private static ProblemException refused(Creation.Refused refused) {
        return switch (refused.refusal()) {
            case FRAUD_BLOCKED -> ProblemException.conflict("pushes-blocked",
                    "The user reported a sign-in as fraud; pushes, setup test pushes included, stay blocked until an administrator"
                            + " unblocks them. Use another factor.");
            case SUPPRESSED -> ProblemException.tooManyRequests("pushes-suppressed",
                    "Recent pushes were denied or not answered; pushes are paused. Use another factor, such as SMS.",
                    refused.retryAfter());
            case PUSH_LIMIT -> ProblemException.tooManyRequests("push-limit",
                    "Too many pushes of this kind for this user in a short time", refused.retryAfter());
            case UNANSWERED_PUSH_LIMIT -> ProblemException.tooManyRequests("unanswered-push-limit",
                    "Too many sign-in pushes since the user's last approved sign-in; use another factor (an approved SMS sign-in"
                            + " lifts this) or ask an administrator to unblock", null);
            case CHALLENGE_PENDING -> new ProblemException(Problem.of("challenge-pending", "Conflict", 409,
                    "The user already has a pending sign-in challenge").with("pendingChallengeId", refused.pendingChallengeId().toString()));
            case NO_ACTIVE_DEVICE -> ProblemException.conflict("no-active-device",
                    "The user has no verified authenticator (none registered, or its test push not yet approved); use another factor");
            case DEVICE_NOT_KNOWN -> ProblemException.conflict("device-not-known-yet",
                    "This device is not (yet) known for the user; if it was just registered, try again in a moment");
            case DEVICE_BLOCKED -> ProblemException.conflict("device-blocked",
                    "An administrator has blocked this device; unblock it before sending it a test push");
            case METHOD_NOT_ALLOWED -> new ProblemException(Problem.of("method-not-allowed", "Forbidden", 403,
                    "The organisation's sign-in policy does not allow this method"));
        };
    }
}
