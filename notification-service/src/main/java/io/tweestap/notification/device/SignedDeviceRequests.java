package io.tweestap.notification.device;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.devicekeys.SignedRequest;
import io.tweestap.devicekeys.SignedRequestVerifier;
import io.tweestap.devicekeys.SignedRequestVerifier.Claim;
import io.tweestap.devicekeys.SignedRequestVerifier.Presented;
import io.tweestap.devicekeys.SignedRequestVerifier.Refusal;
import io.tweestap.devicekeys.SignedRequestVerifier.RefusedRequest;
import io.tweestap.notification.directory.DeviceDirectory;
import io.tweestap.notification.stream.RequestNonces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Authenticates a device's own REST call exactly as the stream handshake does, with device-keys'
 * {@link SignedRequestVerifier}: a {@link SignedRequest} for this method, raw path and body, naming
 * the path's device, fresh, signed by that active device's registered key, with a nonce the device
 * never used before (the same nonce table as the stream). The answer to a refusal is ready to send.
 */
@ApplicationScoped
public class SignedDeviceRequests {

    private static final Logger LOG = Logger.getLogger(SignedDeviceRequests.class);

    @Inject
    DeviceDirectory directory;

    @Inject
    RequestNonces nonces;

    @Inject
    Clock clock;

    /**
     * Answers what {@code signed} answers when the device signed this request; else the 401 / 409
     * problem, and {@code signed} never runs.
     */
    public Uni<Response> whenSigned(String deviceId, String method, UriInfo uri, HttpHeaders headers, byte[] body,
            Supplier<Uni<Response>> signed) {
        return refusal(deviceId, method, uri.getRequestUri().getRawPath(), headers, body)
                .chain(refusal -> refusal.isPresent() ? Uni.createFrom().item(refusal.get()) : signed.get());
    }

    /** The device was removed between the signature check and the write: as refused as any removed device. */
    static Response noLongerRegistered() {
        return Problem.of("invalid-signature", "Unauthorized", 401, "The device is no longer registered").toResponse();
    }

    /** @return empty when the device signed the request; else the 401 / 409 problem to answer */
    Uni<Optional<Response>> refusal(String deviceId, String method, String rawPath, HttpHeaders headers, byte[] body) {
        Claim claim;
        try {
            claim = SignedRequestVerifier.claim(deviceId, method, rawPath, Presented.fromHeaders(headers::getHeaderString), body,
                    clock.instant().getEpochSecond());
        } catch (RefusedRequest refused) {
            return unauthorized(deviceId, refused.refusal.why);
        }
        return directory.activeKey(deviceId).chain(key -> {
            if (key.isEmpty()) {
                return directory.isKnown(deviceId).chain(known -> known
                        ? unauthorized(deviceId, "removed device")
                        : Uni.createFrom().item(Optional.of(Problem.of("device-not-known-yet", "Conflict", 409,
                                "This device is not known here yet; its registration is on its way. Try again in a moment.")
                                .toResponse())));
            }
            if (!claim.signedBy(key.get())) {
                return unauthorized(deviceId, Refusal.NOT_SIGNED_BY_THE_DEVICE.why);
            }
            // Remembered only after the signature verified, so strangers cannot fill the table.
            return nonces.firstUse(claim).chain(first -> first ? Uni.createFrom().item(Optional.<Response>empty())
                    : unauthorized(deviceId, Refusal.NONCE_ALREADY_USED.why));
        });
    }

    private static Uni<Optional<Response>> unauthorized(String deviceId, String why) {
        LOG.infof("Refused a signed request of device %s: %s", deviceId, why);
        Problem problem = Problem.of("invalid-signature", "Unauthorized", 401, "The request is not signed by this registered device");
        return Uni.createFrom().item(Optional.of(Response.status(401).type(Problem.MEDIA)
                .header("WWW-Authenticate", "Tweestap-Signature").entity(problem).build()));
    }
}
