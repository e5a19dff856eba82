package io.tweestap.enrollment.rest;

import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.service.DeviceActivation;
import io.tweestap.enrollment.service.DeviceActivation.ActivationRequest;
import io.tweestap.events.enrollment.PushChannel;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Called by the authenticator after scanning the QR code. No bearer token: the one-time
 * activation code is the credential, and it is spent by this call.
 */
@Path("/api/v1/device-activations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Device activation", description = "The authenticator's side: activation with the code from the QR, no bearer token")
@PermitAll
public class DeviceActivationResource {

    public record Channel(@NotBlank @Pattern(regexp = "direct|apns|fcm") String kind,
            @NotBlank @Size(max = 4096) String address) {
    }

    public record Activate(@NotBlank @Size(max = 64) String activationCode,
            @NotBlank @Size(max = 1024) String publicKey,
            @NotBlank @Size(max = 100) String deviceName,
            @NotBlank @Pattern(regexp = "ios|android|web|cli|other") String platform,
            @NotNull @Size(max = 5) List<@NotNull @Valid Channel> pushChannels) {
    }

    /** Where the authenticator goes next: challenges to answer, and its push channel. */
    public record Endpoints(URI enrollment, URI challenges, URI notifications) {
    }

    public record Activated(String deviceId, String tenantId, String userId, String deviceName, Instant registeredAt,
            Endpoints endpoints) {
    }

    @Inject
    DeviceActivation activation;

    @Inject
    EnrollmentSettings settings;

    @POST
    @Operation(operationId = "activateDevice", summary = "Activate an authenticator with the one-time code from the QR",
            description = "Called by the authenticator: no bearer token; the activation code is the proof.")
    @APIResponse(responseCode = "201", description = "Registered: the device, and where it goes next", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Activated.class)))
    @APIResponse(responseCode = "400", description = "Invalid fields, or the public key is not a P-256 key")
    @APIResponse(responseCode = "404", description = "Unknown activation code")
    @APIResponse(responseCode = "409", description = "The activation code was used already")
    @APIResponse(responseCode = "410", description = "The activation code has expired")
    public Uni<Response> activate(@NotNull @Valid Activate request) {
        List<PushChannel> channels = request.pushChannels().stream()
                .map(channel -> new PushChannel(channel.kind(), channel.address())).toList();
        return activation.activate(new ActivationRequest(request.activationCode(), request.publicKey(),
                        request.deviceName(), request.platform(), channels))
                .map(device -> Response.status(Response.Status.CREATED).entity(activated(device)).build());
    }

    private Activated activated(Device device) {
        return new Activated(device.id.toString(), device.tenantId, device.userId, device.name, device.registeredAt,
                new Endpoints(settings.publicUrl(), settings.endpoints().challengeService(),
                        settings.endpoints().notificationService()));
    }
}
