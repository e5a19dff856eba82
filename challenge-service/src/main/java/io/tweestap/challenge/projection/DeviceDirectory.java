package io.tweestap.challenge.projection;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.challenge.repository.KnownDeviceRepository;
import io.tweestap.devicekeys.DeviceKey;
import io.tweestap.devicekeys.InvalidDeviceKeyException;
import io.tweestap.events.MalformedEventException;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.enrollment.DeviceVerified;
import io.tweestap.events.enrollment.RegistrationReset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Objects;

/** This service's projection of device keys; each method runs inside the inbox transaction. */
@ApplicationScoped
public class DeviceDirectory {

    @Inject
    KnownDeviceRepository devices;

    public Uni<Void> registered(DeviceRegistered event) {
        try {
            DeviceKey.fromBase64(event.publicKey());
        } catch (InvalidDeviceKeyException e) {
            // No retry can make this key usable: park the event for a human.
            throw new MalformedEventException("DeviceRegistered " + event.deviceId() + " carries no P-256 key");
        }
        return devices.findById(event.deviceId()).chain(existing -> {
            KnownDevice device = existing == null ? new KnownDevice() : existing;
            // A verification stands only for the key and user it was given to: a different key
            // (or a placeholder for another user) has not passed a test push.
            boolean keepsVerification = existing != null && existing.verifiedAt != null
                    && event.tenantId().equals(existing.tenantId) && event.userId().equals(existing.userId)
                    && (existing.publicKey == null || existing.publicKey.equals(event.publicKey()));
            device.deviceId = event.deviceId();
            device.tenantId = event.tenantId();
            device.userId = event.userId();
            device.publicKey = event.publicKey();
            device.deviceName = event.deviceName();
            device.active = existing == null || existing.removedAt == null;
            device.registeredAt = event.occurredAt();
            device.verifiedAt = keepsVerification ? existing.verifiedAt : null;
            return device.persist().replaceWithVoid();
        });
    }

    /**
     * The test push was approved. Applying it twice changes nothing; one that overtakes its
     * registration is kept on an inactive, keyless row that the registration completes.
     */
    public Uni<Void> verified(DeviceVerified event) {
        return devices.findById(event.deviceId()).chain(existing -> {
            if (existing == null) {
                KnownDevice placeholder = new KnownDevice();
                placeholder.deviceId = event.deviceId();
                placeholder.tenantId = event.tenantId();
                placeholder.userId = event.userId();
                placeholder.active = false;
                placeholder.registeredAt = event.occurredAt();
                placeholder.verifiedAt = event.occurredAt();
                return placeholder.persist().replaceWithVoid();
            }
            if (existing.verifiedAt != null || !Objects.equals(existing.tenantId, event.tenantId())
                    || !Objects.equals(existing.userId, event.userId())) {
                return Uni.createFrom().voidItem();
            }
            existing.verifiedAt = event.occurredAt();
            return existing.persist().replaceWithVoid();
        });
    }

    /** Removal wins over verification in either order: a removed device stays inactive. */
    public Uni<Void> removed(DeviceRemoved event) {
        return devices.removed(event.tenantId(), event.deviceId(), event.occurredAt()).replaceWithVoid();
    }

    /** An admin reset removes every device of the user at once, a verification still waiting for its registration too. */
    public Uni<Void> reset(RegistrationReset event) {
        return devices.removedAll(event.tenantId(), event.userId(), event.occurredAt()).replaceWithVoid();
    }

    /**
     * Blocks the device unless a newer block change was applied already (a replay or a late record
     * cannot undo a later unblock).
     *
     * @return whether this event was applied (it is the newest block change the device has seen)
     */
    public Uni<Boolean> blocked(DeviceBlocked event) {
        return devices.blocked(event.tenantId(), event.deviceId(), event.occurredAt()).map(changed -> changed > 0);
    }

    /** Lifts the block unless a newer block change was applied already. */
    public Uni<Void> unblocked(DeviceUnblocked event) {
        return devices.unblocked(event.tenantId(), event.deviceId(), event.occurredAt()).replaceWithVoid();
    }
}
