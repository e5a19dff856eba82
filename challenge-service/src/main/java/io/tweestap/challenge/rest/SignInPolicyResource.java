package io.tweestap.challenge.rest;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.domain.SignInRules;
import io.tweestap.challenge.service.SignInPolicies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Which methods a tenant's users may sign in with (decision 0103): the caller's own tenant only, from
 * its token, and only with {@code challenge:admin}.
 */
@Path("/api/v1/sign-in-policy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("challenge:admin")
@Tag(name = "Administration", description = "What a tenant's administrators decide: the challenge policy, lifting push blocks")
public class SignInPolicyResource {

    public record Policy(@NotNull @NotEmpty List<@NotNull SignInMethod> methods) {
    }

    /** {@code updatedAt} and {@code updatedBy} are absent while the defaults are in force. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PolicyView(List<SignInMethod> methods, boolean defaults, Instant updatedAt, String updatedBy) {

        static PolicyView of(SignInPolicies.InForce policy) {
            return new PolicyView(policy.rules().ordered(), policy.updatedAt() == null, policy.updatedAt(),
                    policy.updatedBy());
        }
    }

    @Inject
    SignInPolicies policies;

    @Inject
    CallerTenant tenant;

    @Inject
    JsonWebToken token;

    @GET
    @Operation(operationId = "getSignInPolicy", summary = "The methods the tenant's users may sign in with")
    @APIResponse(responseCode = "200", description = "The policy in force (every method until the tenant sets its own)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public Uni<PolicyView> policy() {
        String tenantId = tenant.id();
        return Panache.withSession(() -> policies.inForce(tenantId)).map(PolicyView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setSignInPolicy", summary = "Set the methods the tenant's users may sign in with",
            description = "At least one of PUSH, SMS and VOICE, each once. A sign-in asked for by another method is"
                    + " refused (403 method-not-allowed); setup test pushes are not sign-ins and still go out.")
    @APIResponse(responseCode = "200", description = "The policy now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public Uni<PolicyView> setPolicy(@NotNull @Valid Policy policy) {
        if (EnumSet.copyOf(policy.methods()).size() != policy.methods().size()) {
            throw new ProblemException(Problem.of("invalid-request", "Bad request", 400, "The request has invalid fields")
                    .withViolations(List.of(new Problem.Violation("methods", "names a method more than once"))));
        }
        String tenantId = tenant.id();
        String admin = token.getSubject();
        return Panache.withTransaction(() -> policies.set(tenantId, new SignInRules(EnumSet.copyOf(policy.methods())), admin))
                .map(PolicyView::of);
    }

    @DELETE
    @Operation(operationId = "resetSignInPolicy", summary = "Back to every method for the tenant's sign-ins")
    @APIResponse(responseCode = "204", description = "Every method is allowed (also when it already was)")
    public Uni<Response> reset() {
        String tenantId = tenant.id();
        return Panache.withTransaction(() -> policies.reset(tenantId)).replaceWith(Response.noContent().build());
    }
}
