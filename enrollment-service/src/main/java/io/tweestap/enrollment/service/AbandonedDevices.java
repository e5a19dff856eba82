package io.tweestap.enrollment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.enrollment.domain.Device;
import io.tweestap.enrollment.repository.DeviceRepository;
import io.tweestap.enrollment.repository.UserSetupLock;
import io.tweestap.events.enrollment.DeviceRemoved;
import io.tweestap.events.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Devices whose key was bound but whose test push was never approved, long after any wizard could
 * still verify them (a test push needs the wizard session that showed the code, and that lasts an
 * hour). They never sign in (issue 11 item 3), yet each abandoned scan left one; they are removed
 * like any other device, with {@code DeviceRemoved} (reason {@value #REASON}), so that the other
 * services forget their keys too (decision 0071). Devices registered before the test push was
 * required are never touched: the other services trust them as verified (V8).
 */
@ApplicationScoped
public class AbandonedDevices {

    static final String REASON = "never-verified";

    @Inject
    Clock clock;

    @Inject
    UserSetupLock setupLock;

    @Inject
    DeviceRepository devices;

    @Inject
    Outbox outbox;

    /** Removes, {@code batch} at a time, unverified devices registered before {@code cutoff}; how many went. */
    public Uni<Long> removeRegisteredBefore(Instant cutoff, int batch) {
        // The nil UUID: PostgreSQL orders uuids by their bytes, unsigned, so it comes before every other.
        return removeAfter(new UUID(0L, 0L), cutoff, batch);
    }

    // Keyset pages by id, so a device that could not be removed (verified meanwhile) is not read again.
    private Uni<Long> removeAfter(UUID after, Instant cutoff, int batch) {
        return Panache.withSession(() -> devices.unverifiedBefore(cutoff, after, batch))
                .chain(devices -> removeEach(devices).chain(removed -> devices.size() < batch
                        ? Uni.createFrom().item(removed)
                        : removeAfter(devices.get(devices.size() - 1).id, cutoff, batch).map(more -> more + removed)));
    }

    private Uni<Long> removeEach(List<Device> devices) {
        Uni<Long> removed = Uni.createFrom().item(0L);
        for (Device device : devices) {
            removed = removed.chain(count -> remove(device).map(gone -> gone ? count + 1 : count));
        }
        return removed;
    }

    /**
     * One transaction per device, under its user's setup lock like every other change to a user's
     * devices; the delete is conditional, so of several instances (or a verification at this very
     * moment) exactly one outcome wins and the event is published once.
     */
    private Uni<Boolean> remove(Device device) {
        Instant now = Instant.now(clock);
        return Panache.withTransaction(() -> setupLock.hold(device.tenantId, device.userId)
                .chain(() -> devices.removeUnverified(device.id))
                .chain(deleted -> deleted == 0 ? Uni.createFrom().item(false)
                        : outbox.add(new DeviceRemoved(device.tenantId, device.userId, now, device.id.toString(), REASON))
                                .replaceWith(true)));
    }
}
