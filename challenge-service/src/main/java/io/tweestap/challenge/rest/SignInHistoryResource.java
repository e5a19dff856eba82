package io.tweestap.challenge.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.domain.PushChallenge;
import io.tweestap.challenge.service.SignInCursor;
import io.tweestap.challenge.service.SignInHistory;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A user's recent sign-ins, for the help desk checking what happened (issue 16 item 4). */
@Path("/api/v1/users/{userId}/sign-ins")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("challenge:admin")
@Tag(name = "Administration", description = "What a tenant's administrators decide: the challenge policy, lifting push blocks")
public class SignInHistoryResource {

    static final int MAX_PAGE = 100;

    @Schema(description = "One sign-in: what was asked, how it was answered, from where and on which device")
    public record SignIn(
            String challengeId,
            @Schema(description = "PENDING, APPROVED, DENIED, EXPIRED or CANCELLED") String status,
            @Schema(description = "Why it was not approved: USER_DENIED, WRONG_NUMBER, FRAUD_REPORTED, SMS_CODE_FAILED, TIMEOUT (expired); null otherwise") String reason,
            @Schema(description = "PUSH, or SMS or VOICE for a code sent to the user's verified phone") String method,
            String application, String ipAddress, String location,
            @Schema(description = "The authenticator that answered a push; null for an SMS sign-in and while nobody has answered") String deviceId,
            Instant createdAt, Instant decidedAt,
            @Schema(description = "The method that decided: PUSH, SMS or VOICE; null while pending, expired or cancelled") String decidedBy) {

        static SignIn of(PushChallenge challenge) {
            return new SignIn(challenge.id.toString(), challenge.status.name(), challenge.reason, challenge.method,
                    challenge.application, challenge.ipAddress, challenge.location, challenge.decidedBy,
                    challenge.createdAt, challenge.decidedAt, challenge.decidedMethod);
        }
    }

    @Schema(description = "A page of the user's sign-ins, newest first")
    public record SignIns(
            String userId,
            List<SignIn> signIns,
            @JsonInclude(JsonInclude.Include.NON_NULL)
            @Schema(description = "Pass as cursor for the next, older page; absent on the last page") String nextCursor) {
    }

    @Inject
    SignInHistory history;

    @Inject
    CallerTenant tenant;

    @GET
    @WithSession
    @Operation(operationId = "listSignIns", summary = "A user's recent sign-ins, newest first",
            description = "Sign-in challenges only (setup test pushes are not sign-ins), of the caller's tenant. Decided"
                    + " sign-ins are kept 30 days. Page through with nextCursor.")
    @APIResponse(responseCode = "200", description = "A page of sign-ins (empty when the user has none)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SignIns.class)))
    @APIResponse(responseCode = "400", description = "limit out of 1..100, or a cursor this service did not hand out")
    public Uni<SignIns> list(@PathParam("userId") @Size(max = 256) String userId,
            @Parameter(description = "Sign-ins per page, 1 to 100") @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(MAX_PAGE) int limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        Optional<SignInCursor> after = Optional.empty();
        if (cursor != null) {
            after = SignInCursor.decode(cursor);
            if (after.isEmpty()) {
                throw new ProblemException(Problem.of("invalid-request", "Bad request", 400, "The request has invalid fields")
                        .withViolations(List.of(new Problem.Violation("cursor", "is not a cursor this service handed out"))));
            }
        }
        return history.page(tenant.id(), userId, after, limit)
                .map(page -> new SignIns(userId, page.signIns().stream().map(SignIn::of).toList(),
                        page.next() == null ? null : page.next().encode()));
    }
}
