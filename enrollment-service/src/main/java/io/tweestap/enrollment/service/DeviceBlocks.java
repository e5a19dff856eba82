package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.enrollment.service.UserMethods.Method;
import io.tweestap.events.enrollment.DeviceBlocked;
import io.tweestap.events.enrollment.DeviceUnblocked;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * An administrator blocks a user's device without removing it, and lifts the block (decision 0089).
 * The conditional update decides: only the call that changes the device publishes its event, a second
 * block or unblock changes nothing. Both hold the user's setup lock, so a reset removing the device at
 * the same moment is ordered with them.
 */
@ApplicationScoped
public class DeviceBlocks {

    /** Why an administrator blocks a device; the event carries the word in lower case. */
    public enum Reason { ADMIN, LOST, SUSPICIOUS }

    @Inject
    Clock clock;

    @Inject
    DeviceRepository devices;

    @Inject
    UserSetupLock setupLock;

    @Inject
    MoveEndings moveEndings;

    @Inject
    UserMethods methods;

    @Inject
    Outbox outbox;

    /** @return the user's methods after the block */
    @WithTransaction
    public Uni<List<Method>> block(String tenantId, String userId, UUID deviceId, Reason reason, String blockedBy) {
        Instant now = Instant.now(clock);
        String word = reason.name().toLowerCase(Locale.ROOT);
        return setupLock.hold(tenantId, userId)
                .chain(() -> devices.block(tenantId, userId, deviceId, now, blockedBy, word))
                .chain(changed -> changed == 1
                        ? outbox.add(new DeviceBlocked(tenantId, userId, now, deviceId.toString(), word, blockedBy))
                                // A blocked device approves nothing, a move from it included.
                                .chain(() -> moveEndings.oldDeviceGone(tenantId, userId, deviceId::equals))
                        : existingDevice(tenantId, userId, deviceId))
                .chain(() -> methods.list(tenantId, userId));
    }

    /** @return the user's methods after the block is lifted */
    @WithTransaction
    public Uni<List<Method>> unblock(String tenantId, String userId, UUID deviceId, String unblockedBy) {
        Instant now = Instant.now(clock);
        return setupLock.hold(tenantId, userId)
                .chain(() -> devices.unblock(tenantId, userId, deviceId))
                .chain(changed -> changed == 1
                        ? outbox.add(new DeviceUnblocked(tenantId, userId, now, deviceId.toString(), unblockedBy))
                                .replaceWithVoid()
                        : existingDevice(tenantId, userId, deviceId))
                .chain(() -> methods.list(tenantId, userId));
    }

    /** Nothing changed: fine for the user's device (blocked or unblocked already), 404 for anything else. */
    private Uni<Void> existingDevice(String tenantId, String userId, UUID deviceId) {
        return devices.findForUser(tenantId, userId, deviceId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Device " + deviceId))
                .replaceWithVoid();
    }
}
