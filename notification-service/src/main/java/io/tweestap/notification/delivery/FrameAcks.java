package io.tweestap.notification.delivery;

import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.tweestap.notification.config.NotificationSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The acks of challenge frames that came in on this instance's streams, recorded in the database
 * together: what came in during the last gathering window goes into one UPDATE, so many sign-ins
 * share one commit instead of one each (issue 13). Nothing waits for the record: this instance
 * already knows the frame was read ({@link StreamDelivery}) and never writes it again; the record is
 * for the sweeps and the other instances, which look at it only after the ack timeout. So the window
 * is a fifth of that timeout (a second by default, decision 0127): long enough that even sign-ins
 * one after the other share a commit, short enough that the record is there long before anyone
 * looks. An ack the database cannot take (a restart, a failover) is tried again with the next
 * batch for {@link #PATIENCE}; after that the frame may be written once more, which a device
 * ignores as a frame it has already seen.
 */
@ApplicationScoped
public class FrameAcks {

    private static final Duration AFTER_FAILURE = Duration.ofMillis(500);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final int MOST_A_BATCH = 500;
    private static final Logger LOG = Logger.getLogger(FrameAcks.class);

    @Inject
    PushStore store;

    @Inject
    NotificationSettings settings;

    /** A device's ack of a push, and when it came. */
    record Ack(UUID pushId, String deviceId, long receivedNanos) {
    }

    private final ConcurrentLinkedQueue<Ack> due = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean batchComing = new AtomicBoolean();

    /** Recorded with the next batch, within the gathering window. */
    void add(String deviceId, UUID pushId) {
        due.add(new Ack(pushId, deviceId, System.nanoTime()));
        writeAfter(gather());
    }

    private Duration gather() {
        return settings.streamAckTimeout().dividedBy(5);
    }

    private void writeAfter(Duration delay) {
        if (batchComing.compareAndSet(false, true)) {
            Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                    .chain(this::writeBatch)
                    .subscribe().with(ok -> { }, failure -> LOG.warnf("Writing frame acks failed: %s", failure.toString()));
        }
    }

    /** Everything due, in batches; acks a failed batch held go back for the next one while they are young enough. */
    private Uni<Void> writeBatch() {
        batchComing.set(false);
        List<Ack> batch = new ArrayList<>();
        Ack ack;
        while (batch.size() < MOST_A_BATCH && (ack = due.poll()) != null) {
            batch.add(ack);
        }
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return store.acknowledged(batch)
                .invoke(held -> {
                    boolean moreCameIn = !due.isEmpty();
                    int kept = keepYoung(batch.stream().filter(each -> held.contains(each.pushId())).toList());
                    if (moreCameIn) {
                        writeAfter(Duration.ofMillis(1)); // more than one batch came in
                    } else if (kept > 0) {
                        writeAfter(gather()); // rows another transaction held: their turn comes with the next batch
                    }
                })
                .onFailure().recoverWithUni(failure -> {
                    int kept = keepYoung(batch);
                    LOG.warnf("%d frame acks not recorded (%s); %d are tried again, the rest may be written to their device once more",
                            batch.size(), failure.toString(), kept);
                    if (kept > 0) {
                        writeAfter(AFTER_FAILURE);
                    }
                    return Uni.createFrom().item(Set.<UUID>of());
                })
                .replaceWithVoid();
    }

    /** Puts back the acks still young enough to be worth recording; how many. */
    private int keepYoung(List<Ack> acks) {
        long now = System.nanoTime();
        int kept = 0;
        for (Ack held : acks) {
            if (now - held.receivedNanos() < PATIENCE.toNanos()) {
                due.add(held);
                kept++;
            }
        }
        return kept;
    }

    /** What came in before the stop is recorded, as far as the database lets it in a few seconds. */
    void writeBeforeStop(@Observes ShutdownEvent stop) {
        if (!due.isEmpty()) {
            try {
                writeBatch().await().atMost(Duration.ofSeconds(3));
            } catch (RuntimeException e) {
                LOG.warnf("Frame acks not recorded at shutdown: %s", e.toString());
            }
        }
    }
}
