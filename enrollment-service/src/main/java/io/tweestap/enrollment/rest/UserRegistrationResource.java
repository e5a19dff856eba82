package io.tweestap.enrollment.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.enrollment.service.DeviceBlocks.Reason;
import io.tweestap.enrollment.service.DeviceBlocks;
import io.tweestap.enrollment.service.UserMethods.Method;
import io.tweestap.enrollment.service.UserMethods.Status;
import io.tweestap.enrollment.service.UserMethods;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A user's registration as the platform sees it: status, snooze, methods, default, blocks, reset. */
@Path("/api/v1/users/{userId}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "User registration", description = "A user's standing, methods and registration")
public class UserRegistrationResource {

    public record MethodsView(List<Method> methods) {
    }

    public record ChooseDefault(@NotNull UUID methodId) {
    }

    @Schema(description = "The whole body is optional: none, an empty one or {} blocks with reason admin.")
    public record BlockDevice(
            @Schema(description = "Why: admin (an administrator's decision, the default), lost (the user lost the phone)"
                    + " or suspicious.", enumeration = {"admin", "lost", "suspicious"})
            @Pattern(regexp = "admin|lost|suspicious", message = "must be admin, lost or suspicious") String reason) {
    }

    @Inject
    UserMethods methods;

    @Inject
    DeviceBlocks blocks;

    @Inject
    CallerTenant tenant;

    @Inject
    JsonWebToken caller;

    @Inject
    OptionalJsonBody bodies;

    @GET
    @Path("/registration")
    @RolesAllowed("enrollment:read")
    @Operation(operationId = "getRegistrationStatus",
            summary = "Whether the user must register (\"more information required\"), may snooze, and their methods")
    @APIResponse(responseCode = "200", description = "The user's standing", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Status.class)))
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    public Uni<Status> status(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.status(tenant.id(), userId);
    }

    @POST
    @Path("/registration/snooze")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "snoozeRegistration", summary = "Postpone registration by the tenant's snooze period")
    @APIResponse(responseCode = "200", description = "Snoozed: the user's standing now", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Status.class)))
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    @APIResponse(responseCode = "409", description = "The user is registered already or has no snoozes left")
    public Uni<Status> snooze(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.snooze(tenant.id(), userId);
    }

    @POST
    @Path("/registration/reset")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:admin")
    @Operation(operationId = "resetRegistration",
            summary = "Remove every method of the user; they must register again (RegistrationReset)")
    @APIResponse(responseCode = "204", description = "Reset; the user's wizard sessions and links end too")
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    public Uni<Response> reset(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.reset(tenant.id(), userId, caller.getSubject()).map(ignored -> Response.noContent().build());
    }

    @GET
    @Path("/methods")
    @RolesAllowed("enrollment:read")
    @Operation(operationId = "listMethods", summary = "The user's authenticators and phones")
    @APIResponse(responseCode = "200", description = "The methods, the default one marked", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MethodsView.class)))
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    public Uni<MethodsView> list(@PathParam("userId") @Size(max = 256) String userId) {
        return methods.list(tenant.id(), userId).map(MethodsView::new);
    }

    @DELETE
    @Path("/methods/{methodId}")
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "removeMethod", summary = "Remove one authenticator (DeviceRemoved) or phone (PhoneRemoved)")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    @APIResponse(responseCode = "404", description = "No such method for this user")
    public Uni<Response> remove(@PathParam("userId") @Size(max = 256) String userId,
            @PathParam("methodId") UUID methodId) {
        return methods.remove(tenant.id(), userId, methodId, "removed-by-platform")
                .map(ignored -> Response.noContent().build());
    }

    @PUT
    @Path("/methods/{methodId}/block")
    @Consumes(MediaType.WILDCARD)
    @RolesAllowed("enrollment:admin")
    @Operation(operationId = "blockDevice",
            summary = "Block an authenticator without removing it: no sign-ins reach it and its answers are refused"
                    + " until it is unblocked (DeviceBlocked the first time)")
    @APIResponse(responseCode = "200", description = "The user's methods, the device marked blocked", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MethodsView.class)))
    @APIResponse(responseCode = "400", description = "The reason is not admin, lost or suspicious, the body is not JSON, or the userId is longer than 256 characters")
    @APIResponse(responseCode = "404", description = "No such authenticator for this user")
    public Uni<MethodsView> block(@PathParam("userId") @Size(max = 256) String userId,
            @PathParam("methodId") UUID methodId,
            @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BlockDevice.class))) String body) throws JsonProcessingException {
        Reason reason = reasonFrom(body);
        return blocks.block(tenant.id(), userId, methodId, reason, caller.getSubject()).map(MethodsView::new);
    }

    @DELETE
    @Path("/methods/{methodId}/block")
    @RolesAllowed("enrollment:admin")
    @Operation(operationId = "unblockDevice",
            summary = "Lift an authenticator's block: sign-ins reach it again (DeviceUnblocked the first time)")
    @APIResponse(responseCode = "200", description = "The user's methods", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MethodsView.class)))
    @APIResponse(responseCode = "400", description = "The userId is longer than 256 characters")
    @APIResponse(responseCode = "404", description = "No such authenticator for this user")
    public Uni<MethodsView> unblock(@PathParam("userId") @Size(max = 256) String userId,
            @PathParam("methodId") UUID methodId) {
        return blocks.unblock(tenant.id(), userId, methodId, caller.getSubject()).map(MethodsView::new);
    }

    @PUT
    @Path("/default-method")
    @RolesAllowed("enrollment:write")
    @Operation(operationId = "chooseDefaultMethod", summary = "Choose the method sign-ins use first; it must be verified")
    @APIResponse(responseCode = "200", description = "The methods, the new default marked", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MethodsView.class)))
    @APIResponse(responseCode = "404", description = "No such method for this user")
    @APIResponse(responseCode = "409", description = "The method is not verified")
    public Uni<MethodsView> chooseDefault(@PathParam("userId") @Size(max = 256) String userId,
            @NotNull @Valid ChooseDefault request) {
        return methods.chooseDefault(tenant.id(), userId, request.methodId()).map(MethodsView::new);
    }

    /** No body, a blank one, {@code {}} or {@code null} (any Content-Type) blocks with reason admin. */
    private Reason reasonFrom(String body) throws JsonProcessingException {
        return bodies.read(body, BlockDevice.class).map(BlockDevice::reason)
                .map(reason -> Reason.valueOf(reason.toUpperCase(Locale.ROOT))).orElse(Reason.ADMIN);
    }
}
