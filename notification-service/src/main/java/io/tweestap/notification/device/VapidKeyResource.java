package io.tweestap.notification.device;

import io.tweestap.api.Problem;
import io.tweestap.notification.provider.WebPushKeys;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The VAPID public key the app subscribes with (applicationServerKey). Public by nature, so no
 * credential: the app asks for it right after activation, before it can sign anything of use here.
 */
@Path("/api/v1/web-push/vapid-public-key")
@PermitAll
@Tag(name = "Device", description = "The authenticator's side, signed with the device key instead of a bearer token")
public class VapidKeyResource {

    /** base64url (no padding) of the uncompressed P-256 point, 65 bytes. */
    public record VapidPublicKey(String publicKey) {
    }

    @Inject
    WebPushKeys keys;

    @GET
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(operationId = "getVapidPublicKey", summary = "The VAPID public key for PushManager.subscribe",
            description = "Public by nature: no credential.")
    @APIResponse(responseCode = "200", description = "The key (applicationServerKey)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VapidPublicKey.class)))
    @APIResponse(responseCode = "404", description = "Web Push is not configured on this deployment (web-push-off): use the stream")
    public Response publicKey() {
        return keys.publicKey()
                .map(key -> Response.ok(new VapidPublicKey(key), MediaType.APPLICATION_JSON).build())
                .orElseGet(() -> Problem.of("web-push-off", "Not found", 404,
                        "Web Push is not configured on this deployment: use the stream").toResponse());
    }
}
