package io.tweestap.notification.delivery;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.ScheduledRun;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.stream.ConnectedDevices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What the NOTIFY path can miss, every {@code sweep-interval} on every instance (claims keep it to
 * one instance per row): rows whose notification was lost, provider claims whose lease ran out
 * (decision 0012), frames due on the streams open here (unsent, or challenge frames unacknowledged
 * past {@code stream-ack-timeout}, decision 0013), and challenge pushes that expired without
 * reaching the device.
 */
@ApplicationScoped
public class PushSweeps {

    private static final Logger LOG = Logger.getLogger(PushSweeps.class);

    @Inject
    Clock clock;

    @Inject
    PushStore store;

    @Inject
    StreamDelivery stream;

    @Inject
    ProviderDispatch providers;

    @Inject
    ConnectedDevices connected;

    @Inject
    DeliveryOutcomes outcomes;

    @Inject
    NotificationSettings settings;

    @Scheduled(every = "${tweestap.notification.sweep-interval}", skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> sweep() {
        stream.forgetExpiredFrames(Instant.now(clock));
        return ScheduledRun.logged(LOG, "Push sweep", Uni.join().all(retryLostNotifications(), takeOverExpiredLeases(),
                flushConnectedDevices(), reportExpired()).andCollectFailures());
    }

    private Uni<Void> retryLostNotifications() {
        return store.unclaimedForProviders().chain(ids -> all(ids.stream().map(providers::dispatch).toList()));
    }

    private Uni<Void> takeOverExpiredLeases() {
        return store.takeOverExpiredLeases().chain(pushes -> all(pushes.stream().map(push -> {
            LOG.infof("Provider claim on push %s expired unfinished (instance gone mid-send); sending it again", push.id());
            return providers.send(push);
        }).toList()));
    }

    private Uni<Void> flushConnectedDevices() {
        List<String> devices = List.copyOf(connected.deviceIds());
        if (devices.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The cut-off is this instance's clock against the database's write time: a skew between the
        // two only moves a re-send earlier or later by that much.
        OffsetDateTime overdue = Instant.now(clock).minus(settings.streamAckTimeout()).atOffset(ZoneOffset.UTC);
        return store.devicesWithFramesDue(devices, overdue).chain(due -> {
            Uni<Void> each = Uni.createFrom().voidItem();
            for (String device : due) {
                each = each.chain(() -> stream.sendQueued(device, overdue));
            }
            return each;
        });
    }

    private Uni<Void> reportExpired() {
        return store.expiredUnreported().chain(pushes -> {
            Uni<Void> each = Uni.createFrom().voidItem();
            for (QueuedPush push : pushes) {
                each = each.chain(() -> outcomes.expiredUndelivered(push));
            }
            return each;
        });
    }

    private static Uni<Void> all(List<Uni<Void>> work) {
        return work.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(work).andCollectFailures().replaceWithVoid();
    }
}
