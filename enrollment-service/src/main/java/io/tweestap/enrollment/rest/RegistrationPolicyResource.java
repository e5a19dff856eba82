package io.tweestap.enrollment.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.enrollment.domain.RegistrationRules;
import io.tweestap.enrollment.service.RegistrationPolicies;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The calling tenant's registration policy: required methods and snoozing. */
@Path("/api/v1/registration-policy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Registration policy", description = "Which methods a tenant's users must register, and how long they may postpone")
public class RegistrationPolicyResource {

    public record PolicyView(@NotNull @Min(0) @Max(90) Integer snoozeDays, @NotNull @Min(0) @Max(20) Integer maxSnoozes,
            @NotNull Boolean requireDevice, @NotNull Boolean requirePhone) {

        static PolicyView of(RegistrationRules rules) {
            return new PolicyView(rules.snoozeDays(), rules.maxSnoozes(), rules.requireDevice(), rules.requirePhone());
        }
    }

    @Inject
    RegistrationPolicies policies;

    @Inject
    CallerTenant tenant;

    @GET
    @RolesAllowed({"enrollment:read", "enrollment:admin"})
    @Operation(operationId = "getRegistrationPolicy", summary = "The tenant's registration policy")
    @APIResponse(responseCode = "200", description = "The policy in force (the defaults until one is set)", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    public Uni<PolicyView> get() {
        return policies.rulesFor(tenant.id()).map(PolicyView::of);
    }

    @PUT
    @RolesAllowed("enrollment:admin")
    @Operation(operationId = "setRegistrationPolicy", summary = "Set which methods users must register and the snoozes they get")
    @APIResponse(responseCode = "200", description = "The policy now in force", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PolicyView.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, or a policy that requires no method")
    public Uni<PolicyView> put(@NotNull @Valid PolicyView policy) {
        if (!policy.requireDevice() && !policy.requirePhone()) {
            throw new io.tweestap.api.ProblemException(io.tweestap.api.Problem.of("invalid-request", "Bad request", 400,
                    "A policy must require at least one method"));
        }
        return policies.update(tenant.id(), new RegistrationRules(policy.snoozeDays(), policy.maxSnoozes(),
                policy.requireDevice(), policy.requirePhone())).map(PolicyView::of);
    }
}
