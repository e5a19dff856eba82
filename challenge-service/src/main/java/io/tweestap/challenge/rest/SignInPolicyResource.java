package io.tweestap.challenge.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.api.policy.PolicyAdministration;
import io.tweestap.api.policy.PolicyInForce;
import io.tweestap.challenge.domain.SignInMethod;
import io.tweestap.challenge.domain.SignInRules;
import io.tweestap.challenge.service.SignInPolicies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Which methods a tenant's users may sign in with (decision 0103) and whether an unacknowledged push
 * falls back to a code by itself (decision 0104): the caller's own tenant only, from its token, and
 * only with {@code challenge:admin}.
 */
@Path("/api/v1/sign-in-policy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("challenge:admin")
@Tag(name = "Administration", description = "What a tenant's administrators decide: the challenge policy, lifting push blocks")
public class SignInPolicyResource {

    @Schema(description = "A sign-in push no phone acknowledged within afterSeconds becomes a code by the first method"
            + " of order that can be sent")
    public record Fallback(
            @NotNull @Min(SignInRules.MIN_FALLBACK_SECONDS) @Max(SignInRules.MAX_FALLBACK_SECONDS) Integer afterSeconds,
            @NotNull @NotEmpty List<@NotNull SignInMethod> order) {

        static Fallback of(SignInRules.Fallback fallback) {
            return new Fallback((int) fallback.after().toSeconds(), fallback.order());
        }
    }

    public record Policy(@NotNull @NotEmpty List<@NotNull SignInMethod> methods, @Valid Fallback fallback) {
    }

    /** {@code fallback} is absent when pushes do not fall back; {@code updatedAt} and {@code updatedBy} while the defaults are in force. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PolicyView(List<SignInMethod> methods, Fallback fallback, boolean defaults, Instant updatedAt,
            String updatedBy) {

        static PolicyView of(PolicyInForce<SignInRules> policy) {
            return new PolicyView(policy.rules().ordered(), policy.rules().fallback().map(Fallback::of).orElse(null),
                    policy.isDefaults(), policy.updatedAt(), policy.updatedBy());
        }
    }

    @Inject
    SignInPolicies policies;

    @Inject
    PolicyAdministration administration;

    @GET
    @Operation(operationId = "getSignInPolicy", summary = "The methods the tenant's users may sign in with, and the push's fallback")
    @APIResponse(responseCode = "200", description = "The policy in force (every method, no fallback, until the tenant sets its own)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public Uni<PolicyView> policy() {
        return administration.read(policies).map(PolicyView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setSignInPolicy", summary = "Set the methods the tenant's users may sign in with, and the push's fallback",
            description = "At least one of PUSH, SMS and VOICE, each once. A sign-in asked for by another method is"
                    + " refused (403 method-not-allowed); setup test pushes are not sign-ins and still go out. With"
                    + " fallback (PUSH allowed; order of allowed SMS and VOICE, each once), a sign-in push no phone"
                    + " acknowledged within afterSeconds (5-120) becomes a code by the first method that can be sent.")
    @APIResponse(responseCode = "200", description = "The policy now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public Uni<PolicyView> setPolicy(@NotNull @Valid Policy policy) {
        return administration.set(policies, rulesOf(policy)).map(PolicyView::of);
    }

    @DELETE
    @Operation(operationId = "resetSignInPolicy", summary = "Back to every method and no fallback for the tenant's sign-ins")
    @APIResponse(responseCode = "204", description = "Every method is allowed and pushes do not fall back (also when that was so)")
    public Uni<Response> reset() {
        return administration.reset(policies);
    }

    /** What Bean Validation cannot say: each method once, and a fallback only to methods allowed, from an allowed push. */
    private static SignInRules rulesOf(Policy policy) {
        List<Problem.Violation> wrong = new ArrayList<>();
        EnumSet<SignInMethod> methods = EnumSet.copyOf(policy.methods());
        if (methods.size() != policy.methods().size()) {
            wrong.add(new Problem.Violation("methods", "names a method more than once"));
        }
        Fallback fallback = policy.fallback();
        if (fallback != null) {
            List<SignInMethod> order = fallback.order();
            if (!methods.contains(SignInMethod.PUSH)) {
                wrong.add(new Problem.Violation("fallback", "only a push falls back, and the methods do not allow PUSH"));
            }
            if (order.contains(SignInMethod.PUSH) || EnumSet.copyOf(order).size() != order.size()) {
                wrong.add(new Problem.Violation("fallback.order", "names SMS and VOICE, each at most once"));
            } else if (!methods.containsAll(order)) {
                wrong.add(new Problem.Violation("fallback.order", "names a method the methods do not allow"));
            }
        }
        if (!wrong.isEmpty()) {
            throw new ProblemException(Problem.of("invalid-request", "Bad request", 400, "The request has invalid fields")
                    .withViolations(wrong));
        }
        return new SignInRules(methods, Optional.ofNullable(fallback)
                .map(f -> new SignInRules.Fallback(Duration.ofSeconds(f.afterSeconds()), f.order())));
    }
}
