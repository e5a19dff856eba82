package io.tweestap.notification.device;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.directory.WebPushChannels;
import io.tweestap.notification.provider.WebPushSubscription;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
 * The device registers, replaces (when the browser renews it) and withdraws its own Web Push
 * subscription. No bearer token: the call is signed with the device's P-256 key like its stream
 * (device-keys), and only the device itself can change its channel. The body is read as bytes
 * because the signature covers exactly those bytes.
 */
@Path("/api/v1/devices/{deviceId}/push-channels/webpush")
@PermitAll
@Tag(name = "Device", description = "The authenticator's side, signed with the device key instead of a bearer token")
public class WebPushChannelResource {

    private static final Logger LOG = Logger.getLogger(WebPushChannelResource.class);

    @Inject
    SignedDeviceRequests signedRequests;

    @Inject
    WebPushChannels channels;

    @Inject
    NotificationSettings settings;

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(Problem.MEDIA_TYPE)
    @Operation(operationId = "registerWebPushSubscription",
            summary = "Register or replace this device's Web Push subscription {endpoint, keys: {p256dh, auth}}; signed by the device")
    @APIResponse(responseCode = "204", description = "Stored; pushes go to it from now on")
    @APIResponse(responseCode = "400", description = "Not a usable Web Push subscription (each problem named in violations)")
    @APIResponse(responseCode = "401", description = "Not signed by this registered device, stale or replayed, or the device removed")
    @APIResponse(responseCode = "409", description = "The device is not known here yet; try again in a moment")
    public Uni<Response> replace(@PathParam("deviceId") String deviceId, @Context HttpHeaders headers, @Context UriInfo uri,
            byte[] body) {
        return signedRequests.whenSigned(deviceId, "PUT", uri, headers, body, () -> {
            WebPushSubscription.Parsed parsed = WebPushSubscription.parse(body, settings.webPush().loopbackHttp());
            if (parsed.subscription() == null) {
                return Uni.createFrom().item(Problem.of("invalid-subscription", "Bad request", 400,
                        "The body is not a usable Web Push subscription").withViolations(parsed.violations()).toResponse());
            }
            return channels.replace(deviceId, parsed.subscription()).map(stored -> {
                if (!stored) {
                    return SignedDeviceRequests.noLongerRegistered();
                }
                LOG.infof("Device %s registered a Web Push subscription at %s", deviceId, parsed.subscription().host());
                return Response.noContent().build();
            });
        });
    }

    @DELETE
    @Produces(Problem.MEDIA_TYPE)
    @Operation(operationId = "withdrawWebPushSubscription", summary = "Withdraw this device's Web Push subscription; signed by the device")
    @APIResponse(responseCode = "204", description = "Withdrawn (also when there was none)")
    @APIResponse(responseCode = "401", description = "Not signed by this registered device, stale or replayed, or the device removed")
    @APIResponse(responseCode = "409", description = "The device is not known here yet; try again in a moment")
    public Uni<Response> remove(@PathParam("deviceId") String deviceId, @Context HttpHeaders headers, @Context UriInfo uri) {
        return signedRequests.whenSigned(deviceId, "DELETE", uri, headers, new byte[0],
                () -> channels.remove(deviceId).map(done -> Response.noContent().build()));
    }
}
