package io.tweestap.sms.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.CallerTenant;
import io.tweestap.sms.service.WrongCodeStreaks;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * An administrator's unlock of a user's SMS and voice codes after too many wrong codes in a row
 * (decision 0025). Its own scope: the wizard's and the sign-in's {@code sms:write} must not be able
 * to wipe the count they are limited by.
 */
@Path("/api/v1/users/{userId}/wrong-codes")
@Tag(name = "Phone verifications", description = "Codes by SMS or call that prove a person holds a phone number")
public class WrongCodesResource {

    static final String SCOPE = "sms:admin";

    private static final Logger LOG = Logger.getLogger(WrongCodesResource.class);

    @Inject
    WrongCodeStreaks streaks;

    @Inject
    CallerTenant tenant;

    @Inject
    Pool pool;

    @DELETE
    @RolesAllowed(SCOPE)
    @Operation(operationId = "forgetWrongCodes",
            summary = "Forget the user's wrong codes in a row: ends a back-off and unlocks codes by SMS and call")
    @APIResponse(responseCode = "204", description = "Forgotten (also when there was nothing to forget)")
    public Uni<Response> unlock(@PathParam("userId") @Size(max = 256) String userId) {
        String tenantId = tenant.id();
        return streaks.clear(pool, tenantId, userId)
                .invoke(cleared -> {
                    if (cleared) {
                        LOG.info("A user's wrong codes in a row were forgotten by an administrator");
                    }
                })
                .replaceWith(Response.noContent().build());
    }
}
