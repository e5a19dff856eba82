package io.tweestap.challenge.projection;

import io.smallrye.mutiny.Uni;
import io.tweestap.challenge.domain.KnownDevice;
import io.tweestap.events.MalformedEventException;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.enrollment.RegistrationReset;
import io.tweestap.devicekeys.DeviceKey;
import io.tweestap.devicekeys.InvalidDeviceKeyException;
import jakarta.enterprise.context.ApplicationScoped;

/** This service's projection of device keys; each method runs inside the inbox transaction. */
@ApplicationScoped
public class DeviceDirectory {

    public Uni<Void> registered(DeviceRegistered event) {
        try {
            DeviceKey.fromBase64(event.publicKey());
        } catch (InvalidDeviceKeyException e) {
            // No retry can make this key usable: park the event for a human.
            throw new MalformedEventException("DeviceRegistered " + event.deviceId() + " carries no P-256 key");
        }
        return KnownDevice.<KnownDevice>findById(event.deviceId()).chain(existing -> {
            KnownDevice device = existing == null ? new KnownDevice() : existing;
            device.deviceId = event.deviceId();
            device.tenantId = event.tenantId();
            device.userId = event.userId();
            device.publicKey = event.publicKey();
            device.deviceName = event.deviceName();
            device.active = existing == null || existing.removedAt == null;
            device.registeredAt = event.occurredAt();
            return device.persist().replaceWithVoid();
        });
    }

    public Uni<Void> removed(DeviceRemoved event) {
        return KnownDevice.update("active = false, removedAt = ?1 where deviceId = ?2 and tenantId = ?3",
                event.occurredAt(), event.deviceId(), event.tenantId()).replaceWithVoid();
    }

    /** An admin reset removes every device of the user at once. */
    public Uni<Void> reset(RegistrationReset event) {
        return KnownDevice.update("active = false, removedAt = ?1 where tenantId = ?2 and userId = ?3 and active = true",
                event.occurredAt(), event.tenantId(), event.userId()).replaceWithVoid();
    }
}
