package io.tweestap.enrollment.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.enrollment.service.UserMethods;
import io.tweestap.enrollment.service.UserMethods.Method;
import io.tweestap.enrollment.service.UserMethods.Status;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A user's registration as the platform sees it: status, snooze, methods, default, reset. */
@Path("/api/v1/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User registration")
@SecurityRequirement(name = "SecurityScheme")
public class UserRegistrationResource {

    public record MethodsView(List<Method> methods) {
    }

    public record ChooseDefault(@NotNull UUID methodId) {
    }

    @Inject
    UserMethods methods;

    @Inject
    CallerTenant tenant;

    @Inject
    JsonWebToken caller;

    @GET
    @Path("/registration")
    @RolesAllowed("enrollment:read")
    @Operation(summary = "Whether the user must register (\"more information required\"), may snooze, and their methods")
    public Uni<Status> status(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.status(tenant.id(), userId);
    }

    @POST
    @Path("/registration/snooze")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:write")
    @Operation(summary = "Postpone registration by the tenant's snooze period; 409 once no snoozes are left")
    public Uni<Status> snooze(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.snooze(tenant.id(), userId);
    }

    @POST
    @Path("/registration/reset")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:admin")
    @Operation(summary = "Remove every method of the user; they must register again (RegistrationReset)")
    public Uni<Response> reset(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.reset(tenant.id(), userId, caller.getSubject()).map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/methods")
    @RolesAllowed("enrollment:read")
    public Uni<MethodsView> list(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.list(tenant.id(), userId).map(MethodsView::new);
    }

    @DELETE
    @Path("/methods/{methodId}")
    @RolesAllowed("enrollment:write")
    @Operation(summary = "Remove one authenticator (DeviceRemoved) or phone (PhoneRemoved)")
    public Uni<Response> remove(@PathParam("userId") @Size(max = 256) String userId,
            @PathParam("methodId") UUID methodId) {
        return methods.remove(tenant.id(), userId, methodId, "removed-by-platform")
                .map(ignored -> Response.noContent().build());
    }

    @PUT
    @Path("/default-method")
    @RolesAllowed("enrollment:write")
    @Operation(summary = "Choose the method sign-ins use first; it must be verified")
    public Uni<MethodsView> chooseDefault(@PathParam("userId") @Size(max = 256) String userId,
            @NotNull @Valid ChooseDefault request) {
        return methods.chooseDefault(tenant.id(), userId, request.methodId()).map(MethodsView::new);
    }
}
