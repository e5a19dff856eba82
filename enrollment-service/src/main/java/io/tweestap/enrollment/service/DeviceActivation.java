package io.tweestap.enrollment.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
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
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.repository.WizardSessionRepository;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
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
    Clock clock;

    @Inject
    ActivationCodeRepository codes;

    @Inject
    DeviceRepository devices;

    @Inject
    UserSetupLock setupLock;

    @Inject
    WizardSessionRepository sessions;

    @Inject
    EnrollmentSettings settings;

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper json;

    /**
     * The code the QR step shows: the session's current one while it is unused and fresh, else a
     * new one. The code is re-derived from the session secret, never read back from storage.
     * Under the user's setup lock: a session a reset ended gets no code ({@link SetupError#SETUP_ENDED}),
     * and a code issued just before the reset is ended by it.
     */
    @WithTransaction
    public Uni<ActivationCode> codeFor(WizardSession detached, SecretToken sessionToken) {
        Instant now = Instant.now(clock);
        return setupLock.hold(detached.tenantId, detached.userId)
                .chain(() -> sessions.isOpen(detached.tokenHash))
                .chain(open -> open ? sessions.findById(detached.tokenHash)
                        : Uni.createFrom().<WizardSession>failure(new SetupFailure(SetupError.SETUP_ENDED)))
                .chain(session -> {
                    Uni<IssuedActivationCode> current = session.activationId == null
                            ? Uni.createFrom().nullItem()
                            : codes.findById(session.activationId);
                    return current.chain(issued -> {
                        if (usable(issued, now)) {
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

    /**
     * The code the QR picture shows (and the QR step on a reload): while the session's current code is
     * still usable it is only read, without the setup lock or a transaction, which the picture fetched
     * right after the step does not need; otherwise {@link #codeFor}. A reset that ends the code just
     * after the read makes the activation refuse it, as it refuses a code shown just before the reset.
     * The read has a session of its own, so that {@link #codeFor} reads the code again under its lock.
     */
    public Uni<ActivationCode> currentCodeFor(WizardSession session, SecretToken sessionToken) {
        if (session.activationId == null) {
            return codeFor(session, sessionToken);
        }
        Instant now = Instant.now(clock);
        return Panache.withSession(() -> codes.findById(session.activationId))
                .chain(issued -> usable(issued, now) ? Uni.createFrom().item(ActivationCode.derive(sessionToken, issued.id))
                        : codeFor(session, sessionToken));
    }

    private static boolean usable(IssuedActivationCode issued, Instant now) {
        return issued != null && issued.usedAt == null && issued.endedAt == null && issued.expiresAt.isAfter(now);
    }

    /** The device that spent the session's current activation code, or null while none has. */
    @WithSession
    public Uni<Device> deviceOf(WizardSession session) {
        if (session.activationId == null) {
            return Uni.createFrom().nullItem();
        }
        return codes.findById(session.activationId).chain(issued -> issued == null || issued.deviceId == null
                ? Uni.createFrom().<Device>nullItem()
                : devices.findById(issued.deviceId));
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
        Instant now = Instant.now(clock);
        // The user's setup lock before the spend: a reset running now either saw this device or ended the code.
        // The code is loaded only after the lock and the spend, so it shows what a reset meanwhile did to it.
        return codes.ownerOf(code.hash()).chain(owner -> owner == null ? Uni.createFrom().failure(unknownCode())
                : setupLock.hold(owner)
                        .chain(() -> codes.spend(code.hash(), deviceId, now))
                        .chain(spent -> codes.byHash(code.hash()).chain(issued -> spent
                                ? register(issued, deviceId, publicKey, request, now) : refused(issued))));
    }

    private static Uni<Device> refused(IssuedActivationCode issued) {
        LOG.infof("Refused activation for tenant %s: code %s", issued.tenantId,
                issued.usedAt != null ? "already used" : issued.endedAt != null ? "ended by a reset" : "expired");
        if (issued.usedAt != null) {
            return Uni.createFrom().failure(new ProblemException(Problem.of("activation-code-used", "Conflict", 409,
                    "This activation code has already been used; show a new QR code in the setup wizard")));
        }
        // An ended code answers as an expired one: the authenticator's advice (a new QR code) is the same.
        return Uni.createFrom().failure(new ProblemException(Problem.of("activation-code-expired", "Gone", 410,
                issued.endedAt != null ? "This activation code was ended by a registration reset; start the setup again"
                        : "This activation code has expired; show a new QR code in the setup wizard")));
    }

    private Uni<Device> register(IssuedActivationCode issued, UUID deviceId, String publicKey, ActivationRequest request,
            Instant now) {
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
                        device.publicKey, List.copyOf(request.pushChannels()))));
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
