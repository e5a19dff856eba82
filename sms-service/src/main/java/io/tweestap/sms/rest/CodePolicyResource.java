package io.tweestap.sms.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.policy.PolicyAdministration;
import io.tweestap.api.policy.PolicyInForce;
import io.tweestap.sms.domain.CodeRules;
import io.tweestap.sms.service.CodePolicies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A tenant's code rules (decision 0102): the caller's own tenant only, from its token, and only with
 * {@code sms:admin}; values outside the safe bounds are a 400 problem naming the field.
 */
@Path("/api/v1/code-policy")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(WrongCodesResource.SCOPE)
@Tag(name = "Code policy", description = "How long a tenant's SMS and voice codes are, how long they are valid, how often they may be tried")
public class CodePolicyResource {

    public record Policy(
            @NotNull @Min(CodeRules.MIN_LENGTH) @Max(CodeRules.MAX_LENGTH) Integer codeLength,
            @NotNull @Min(CodeRules.MIN_LIFETIME_MINUTES) @Max(CodeRules.MAX_LIFETIME_MINUTES) Integer codeLifetimeMinutes,
            @NotNull @Min(CodeRules.MIN_CHECKS) @Max(CodeRules.MAX_CHECKS) Integer maxChecks) {

        CodeRules rules() {
            return new CodeRules(codeLength, Duration.ofMinutes(codeLifetimeMinutes), maxChecks);
        }
    }

    /** {@code updatedAt} and {@code updatedBy} are absent while the defaults are in force. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record PolicyView(int codeLength, int codeLifetimeMinutes, int maxChecks, boolean defaults, Instant updatedAt,
            String updatedBy) {

        static PolicyView of(PolicyInForce<CodeRules> policy) {
            CodeRules rules = policy.rules();
            return new PolicyView(rules.length(), rules.lifetimeMinutes(), rules.maxChecks(), policy.isDefaults(),
                    policy.updatedAt(), policy.updatedBy());
        }
    }

    @Inject
    CodePolicies policies;

    @Inject
    PolicyAdministration administration;

    @GET
    @Operation(operationId = "getCodePolicy", summary = "The tenant's code length, lifetime and checks per code")
    @APIResponse(responseCode = "200", description = "The rules in force (the defaults until the tenant sets its own)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public Uni<PolicyView> policy() {
        return administration.read(policies).map(PolicyView::of);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setCodePolicy", summary = "Set the tenant's code length (6-8), lifetime (1-15 minutes) and checks (3-10)",
            description = "Applies to codes sent from now on; a code already sent keeps the rules it was sent with.")
    @APIResponse(responseCode = "200", description = "The rules now in force",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public Uni<PolicyView> setPolicy(@NotNull @Valid Policy policy) {
        return administration.set(policies, policy.rules()).map(PolicyView::of);
    }

    @DELETE
    @Operation(operationId = "resetCodePolicy", summary = "Back to the defaults for the tenant's codes")
    @APIResponse(responseCode = "204", description = "The defaults are in force (also when they already were)")
    public Uni<Response> reset() {
        return administration.reset(policies);
    }
}
