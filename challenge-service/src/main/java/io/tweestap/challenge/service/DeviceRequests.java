package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.challenge.repository.KnownDeviceRepository;
import io.tweestap.devicekeys.DeviceKey;
import io.tweestap.devicekeys.SignedRequestVerifier.Claim;
import io.tweestap.devicekeys.SignedRequestVerifier.Presented;
import io.tweestap.devicekeys.SignedRequestVerifier.RefusedRequest;
import io.tweestap.devicekeys.SignedRequestVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;

/**
 * Authenticates a device's own requests with device-keys' {@link SignedRequestVerifier}: a fresh
 * timestamp, a nonce never seen before and a signature by the key this service learned from
 * DeviceRegistered.
 */
@ApplicationScoped
public class DeviceRequests {

    @Inject
    KnownDeviceRepository devices;

    @Inject
    Clock clock;

    @WithTransaction
    public Uni<KnownDevice> authenticate(String deviceId, String method, String path, Presented presented, byte[] body) {
        Claim claim;
        try {
            claim = SignedRequestVerifier.claim(deviceId, method, path, presented, body, clock.instant().getEpochSecond());
        } catch (RefusedRequest refused) {
            return Uni.createFrom().failure(rejected(switch (refused.refusal) {
                case TIMESTAMP_NOT_A_NUMBER -> "The request timestamp is not a number";
                case STALE -> "The request timestamp is too far from the server's clock";
                default -> "The request lacks the device signature headers";
            }));
        }
        return devices.findById(deviceId).chain(device -> {
            if (device == null || !device.active || !claim.signedBy(DeviceKey.fromBase64(device.publicKey))) {
                return Uni.createFrom().failure(rejected("The request is not signed by a registered device"));
            }
            return firstUse(claim).map(first -> {
                if (!first) {
                    throw rejected("This request was already used");
                }
                return device;
            });
        });
    }

    private Uni<Boolean> firstUse(Claim claim) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO device_nonce (device_id, nonce, expires_at) VALUES (:device, :nonce, :expires)
                        ON CONFLICT DO NOTHING""")
                .setParameter("device", claim.deviceId())
                .setParameter("nonce", claim.nonce())
                .setParameter("expires", claim.nonceKeptUntil())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    private static ProblemException rejected(String detail) {
        return new ProblemException(Problem.of("invalid-signature", "Unauthorized", 401, detail));
    }
}
