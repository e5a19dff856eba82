package io.tweestap.enrollment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.Problem;
import io.tweestap.api.ProblemException;
import io.tweestap.devicekeys.DeviceKey;
import io.tweestap.devicekeys.InvalidDeviceKeyException;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.tweestap.enrollment.domain.ActivationCode;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.domain.IssuedActivationCode;
import io.tweestap.enrollment.domain.SecretToken;
import io.tweestap.enrollment.domain.WizardSession;
import io.tweestap.enrollment.repository.ActivationCodeRepository;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Activation codes for the QR step, and an authenticator spending one to register its key. */
@ApplicationScoped
public class DeviceActivation {

    private static final Logger LOG = Logger.getLogger(DeviceActivation.class);

    /** What the authenticator sends; the code is its only credential. */
    public record ActivationRequest(String activationCode, String publicKey, String deviceName, String platform,
            List<PushChannel> pushChannels) {
    }

    @Inject
    ActivationCodeRepository codes;

    @Inject
    DeviceRepository devices;

    @Inject
    EnrollmentSettings settings;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    /**
     * The code the QR step shows: the session's current one while it is unused and fresh, else a
     * new one. The code is re-derived from the session secret, never read back from storage.
     */
    @WithTransaction
    public Uni<ActivationCode> codeFor(WizardSession detached, SecretToken sessionToken) {
        Instant now = Clock.now();
        return WizardSession.<WizardSession>findById(detached.tokenHash).chain(session -> {
            Uni<IssuedActivationCode> current = session.activationId == null
                    ? Uni.createFrom().nullItem()
                    : codes.findById(session.activationId);
            return current.chain(issued -> {
                if (issued != null && issued.usedAt == null && issued.expiresAt.isAfter(now)) {
                    return Uni.createFrom().item(ActivationCode.derive(sessionToken, issued.id));
                }
                IssuedActivationCode fresh = new IssuedActivationCode();
                fresh.id = UUID.randomUUID();
                ActivationCode code = ActivationCode.derive(sessionToken, fresh.id);
                fresh.codeHash = code.hash();
                fresh.tenantId = session.tenantId;
                fresh.userId = session.userId;
                fresh.enrollmentId = session.enrollmentId;
                fresh.expiresAt = now.plus(settings.activationCodeLifetime());
                session.activationId = fresh.id;
                session.deviceId = null;
                session.challengeId = null;
                return codes.persist(fresh).replaceWith(code);
            });
        });
    }

    /** @throws ProblemException 400 for a bad key, 404/409/410 for an unknown/used/expired code; nothing changes then */
    @WithTransaction
    public Uni<Device> activate(ActivationRequest request) {
        String publicKey;
        try {
            publicKey = DeviceKey.fromBase64(request.publicKey()).toBase64();
        } catch (InvalidDeviceKeyException e) {
            return Uni.createFrom().failure(new ProblemException(Problem.of("invalid-public-key", "Bad request", 400,
                    "publicKey must be a base64 X.509 SubjectPublicKeyInfo of an ECDSA P-256 key")));
        }
        ActivationCode code = ActivationCode.parse(request.activationCode());
        if (!code.wellFormed()) {
            return Uni.createFrom().failure(unknownCode());
        }
        UUID deviceId = UUID.randomUUID();
        Instant now = Clock.now();
        return codes.spend(code.hash(), deviceId, now).chain(spent -> codes.byHash(code.hash()).chain(issued -> {
            if (issued == null) {
                return Uni.createFrom().failure(unknownCode());
            }
            if (!spent) {
                LOG.infof("Refused activation for tenant %s: code %s", issued.tenantId,
                        issued.usedAt != null ? "already used" : "expired");
                return Uni.createFrom().failure(issued.usedAt != null
                        ? new ProblemException(Problem.of("activation-code-used", "Conflict", 409,
                                "This activation code has already been used; show a new QR code in the setup wizard"))
                        : new ProblemException(Problem.of("activation-code-expired", "Gone", 410,
                                "This activation code has expired; show a new QR code in the setup wizard")));
            }
            Device device = new Device();
            device.id = deviceId;
            device.tenantId = issued.tenantId;
            device.userId = issued.userId;
            device.enrollmentId = issued.enrollmentId;
            device.name = request.deviceName();
            device.platform = request.platform();
            device.publicKey = publicKey;
            device.pushChannels = write(request.pushChannels());
            device.status = Device.Status.REGISTERED;
            device.registeredAt = now;
            return devices.persist(device)
                    .call(() -> outbox.add(new DeviceRegistered(device.tenantId, device.userId, now,
                            device.id.toString(), device.enrollmentId.toString(), device.name, device.platform,
                            device.publicKey, List.copyOf(request.pushChannels())), device.id.toString()));
        }));
    }

    private static ProblemException unknownCode() {
        return new ProblemException(Problem.of("activation-code-unknown", "Not found", 404,
                "No activation code like this was issued"));
    }

    private String write(List<PushChannel> channels) {
        try {
            return json.writeValueAsString(channels);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
