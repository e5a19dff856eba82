package io.tweestap.challenge.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.devicekeys.DeviceKey;
import io.tweestap.devicekeys.SignedRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * Authenticates a device's own requests: a fresh timestamp, a nonce never seen before and a
 * signature by the key this service learned from DeviceRegistered.
 */
@ApplicationScoped
public class DeviceRequests {

    @Inject
    Clock clock;

    @WithTransaction
    public Uni<KnownDevice> authenticate(String deviceId, String method, String path, String timestamp, String nonce,
            String signature, byte[] body) {
        if (timestamp == null || nonce == null || signature == null || nonce.isBlank() || nonce.length() > 128) {
            return Uni.createFrom().failure(rejected("The request lacks the device signature headers"));
        }
        long sentAt;
        try {
            sentAt = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(rejected("The request timestamp is not a number"));
        }
        SignedRequest request = SignedRequest.of(method, path, deviceId, sentAt, nonce, body);
        Instant now = clock.instant();
        if (!request.isFresh(now.getEpochSecond())) {
            return Uni.createFrom().failure(rejected("The request timestamp is too far from the server's clock"));
        }
        return KnownDevice.<KnownDevice>findById(deviceId).chain(device -> {
            if (device == null || !device.active || !DeviceKey.fromBase64(device.publicKey).verifies(request.statement(), signature)) {
                return Uni.createFrom().failure(rejected("The request is not signed by a registered device"));
            }
            return firstUse(deviceId, nonce, now).map(first -> {
                if (!first) {
                    throw rejected("This request was already used");
                }
                return device;
            });
        });
    }

    private Uni<Boolean> firstUse(String deviceId, String nonce, Instant now) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO device_nonce (device_id, nonce, expires_at) VALUES (:device, :nonce, :expires)
                        ON CONFLICT DO NOTHING""")
                .setParameter("device", deviceId)
                .setParameter("nonce", nonce)
                .setParameter("expires", now.plusSeconds(2 * SignedRequest.MAX_CLOCK_SKEW_SECONDS))
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    private static ProblemException rejected(String detail) {
        return new ProblemException(Problem.of("invalid-signature", "Unauthorized", 401, detail));
    }
}
