package io.tweestap.notification.device;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.notification.directory.ProviderTokens;
import io.tweestap.notification.provider.ApnsProvider;
import io.tweestap.notification.provider.FcmProvider;
import io.tweestap.notification.provider.ProviderToken;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * The device replaces its own APNs or FCM token when the provider gives it a new one (after a
 * restore, a reinstall, or at the provider's will). No bearer token: the call is signed with the
 * device's P-256 key as its Web Push subscription is ({@link WebPushChannelResource}), so only the
 * device itself can point its pushes elsewhere. The body is read as bytes because the signature
 * covers exactly those bytes.
 */
@Path("/api/v1/devices/{deviceId}/push-channels")
@PermitAll
@Tag(name = "Device", description = "The authenticator's side, signed with the device key instead of a bearer token")
public class ProviderTokenResource {

    private static final Logger LOG = Logger.getLogger(ProviderTokenResource.class);

    @Inject
    SignedDeviceRequests signedRequests;

    @Inject
    ProviderTokens tokens;

    @PUT
    @Path("/apns")
    @Consumes(MediaType.WILDCARD)
    @Produces(Problem.MEDIA_TYPE)
    @Operation(operationId = "replaceApnsToken",
            summary = "Register or replace this device's APNs device token {token}; signed by the device")
    @APIResponse(responseCode = "204", description = "Stored; APNs pushes go to this token from now on")
    @APIResponse(responseCode = "400", description = "Not an APNs device token (hexadecimal, 32 to 100 bytes), named in violations")
    @APIResponse(responseCode = "401", description = "Not signed by this registered device, stale or replayed, or the device removed")
    @APIResponse(responseCode = "409", description = "The device is not known here yet; try again in a moment")
    public Uni<Response> replaceApns(@PathParam("deviceId") String deviceId, @Context HttpHeaders headers, @Context UriInfo uri,
            byte[] body) {
        return replace(ApnsProvider.KIND, deviceId, headers, uri, body);
    }

    @PUT
    @Path("/fcm")
    @Consumes(MediaType.WILDCARD)
    @Produces(Problem.MEDIA_TYPE)
    @Operation(operationId = "replaceFcmToken",
            summary = "Register or replace this device's FCM registration token {token}; signed by the device")
    @APIResponse(responseCode = "204", description = "Stored; FCM pushes go to this token from now on")
    @APIResponse(responseCode = "400", description = "Not an FCM registration token (32 to 1024 characters of A-Z a-z 0-9 _ - : .),"
            + " named in violations")
    @APIResponse(responseCode = "401", description = "Not signed by this registered device, stale or replayed, or the device removed")
    @APIResponse(responseCode = "409", description = "The device is not known here yet; try again in a moment")
    public Uni<Response> replaceFcm(@PathParam("deviceId") String deviceId, @Context HttpHeaders headers, @Context UriInfo uri,
            byte[] body) {
        return replace(FcmProvider.KIND, deviceId, headers, uri, body);
    }

    private Uni<Response> replace(String kind, String deviceId, HttpHeaders headers, UriInfo uri, byte[] body) {
        return signedRequests.whenSigned(deviceId, "PUT", uri, headers, body, () -> {
            ProviderToken.Parsed parsed = ProviderToken.parse(kind, body);
            if (parsed.token() == null) {
                return Uni.createFrom().item(Problem.of("invalid-push-token", "Bad request", 400,
                        "The body is not a usable " + kind + " token").withViolations(parsed.violations()).toResponse());
            }
            return tokens.replace(deviceId, parsed.token()).map(outcome -> switch (outcome) {
                case INACTIVE_DEVICE -> SignedDeviceRequests.noLongerRegistered();
                case REPLACED -> {
                    // The token is a capability: the log names the device and the kind, never the token.
                    LOG.infof("Device %s replaced its %s token", deviceId, kind);
                    yield Response.noContent().build();
                }
                case UNCHANGED -> Response.noContent().build();
            });
        });
    }
}
