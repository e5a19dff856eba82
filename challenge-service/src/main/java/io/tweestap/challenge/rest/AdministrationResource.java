package io.tweestap.challenge.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.challenge.domain.NumberMatch;
import io.tweestap.challenge.service.ChallengePolicies;
import io.tweestap.challenge.service.ChallengeService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What a tenant's administrators decide: the challenge policy and lifting push blocks. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("challenge:admin")
@Tag(name = "Administration", description = "What a tenant's administrators decide: the challenge policy, lifting push blocks")
public class AdministrationResource {

    public record Policy(
            @NotNull @Min(NumberMatch.MIN_LENGTH) @Max(NumberMatch.MAX_LENGTH) Integer numberLength,
            @NotNull @Min(5) @Max(600) Integer expirySeconds) {

        static Policy of(ChallengePolicies.Effective effective) {
            return new Policy(effective.numberLength(), (int) effective.expiry().toSeconds());
        }
    }

    public record Unblocked(String userId, boolean wasBlocked) {
    }

    @Inject
    ChallengePolicies policies;

    @Inject
    ChallengeService challenges;

    @Inject
    CallerTenant tenant;

    @Inject
    JsonWebToken token;

    @GET
    @Path("/challenge-policy")
    @WithSession
    @Operation(operationId = "getChallengePolicy", summary = "The tenant's challenge policy: number length and expiry")
    @APIResponse(responseCode = "200", description = "The policy in force (the defaults until one is set)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Policy.class)))
    public Uni<Policy> policy() {
        return policies.forTenant(tenant.id()).map(Policy::of);
    }

    @Consumes(MediaType.APPLICATION_JSON)
    @PUT
    @Path("/challenge-policy")
    @WithTransaction
    @Operation(operationId = "setChallengePolicy", summary = "Set the tenant's number length and challenge expiry")
    @APIResponse(responseCode = "200", description = "The policy now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Policy.class)))
    public Uni<Policy> setPolicy(@NotNull @Valid Policy policy) {
        return policies.save(tenant.id(), policy.numberLength(), Duration.ofSeconds(policy.expirySeconds())).map(Policy::of);
    }

    /** Lifts a fraud block or a suppression, after the administrator has talked to the user. */
    @POST
    @Path("/users/{userId}/unblock")
    @Operation(operationId = "unblockUser", summary = "Lift a user's fraud block or push suppression")
    @APIResponse(responseCode = "200", description = "Unblocked; wasBlocked says whether there was anything to lift",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Unblocked.class)))
    public Uni<Unblocked> unblock(@PathParam("userId") String userId) {
        return challenges.unblock(tenant.id(), userId, token.getSubject()).map(was -> new Unblocked(userId, was));
    }
}
