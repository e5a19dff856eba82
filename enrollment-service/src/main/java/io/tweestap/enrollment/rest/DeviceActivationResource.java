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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Called by the authenticator after scanning the QR code. No bearer token: the one-time
 * activation code is the credential, and it is spent by this call.
 */
@Path("/api/v1/device-activations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Device activation")
@PermitAll
public class DeviceActivationResource {

    public record Channel(@NotBlank @Pattern(regexp = "direct|apns|fcm") String kind,
            @NotBlank @Size(max = 4096) String address) {
    }

    public record Activate(@NotBlank @Size(max = 64) String activationCode,
            @NotBlank @Size(max = 1024) String publicKey,
            @NotBlank @Size(max = 100) String deviceName,
            @NotBlank @Pattern(regexp = "ios|android|cli|other") String platform,
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
    @Operation(summary = "Activate an authenticator with the one-time code from the QR; 404/409/410 for an unknown/used/expired code")
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
