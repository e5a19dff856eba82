package io.tweestap.notification.delivery;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.tweestap.notification.stream.ConnectedDevices;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Writes push rows to the device streams open on this instance. A row is taken and stamped
 * ({@code direct_sent_at}) in the transaction that writes it, so it is written once; the device acknowledges each frame, and a
 * challenge frame still unacknowledged after {@code stream-ack-timeout} is written again (by the
 * sweep while the device is connected here, at once on its next connect), a bounded number of
 * times (decision 0013).
 */
@ApplicationScoped
public class StreamDelivery {

    static final String DIRECT = "direct";
    private static final Logger LOG = Logger.getLogger(StreamDelivery.class);

    @Inject
    PushStore store;

    @Inject
    ConnectedDevices connected;

    @Inject
    DeliveryOutcomes outcomes;

    @Inject
    FrameAcks acks;

    /**
     * The challenge frames this instance wrote, until their push expires, and whether the device
     * acknowledged each. A device acknowledges on the stream the frame came on, which only this
     * instance writes to, so this is where its ack is known first and for sure: a frame acknowledged
     * here is never written here again, even while the database cannot take the ack (a restart) or
     * lost the write's own record. Acks of anything else (closing frames, notices, a push this stream
     * was never given) cost no database write: nothing is ever written again for them.
     */
    private final Map<UUID, WrittenFrame> written = new ConcurrentHashMap<>();

    /** A challenge frame written to a device's stream here. */
    private static final class WrittenFrame {
        final String deviceId;
        final Instant expiresAt;
        volatile boolean acknowledged;

        WrittenFrame(String deviceId, Instant expiresAt) {
            this.deviceId = deviceId;
            this.expiresAt = expiresAt;
        }
    }

    /** The new rows of one burst of notifications, and when they are written and recorded. */
    private static final class Burst {
        final List<UUID> pushIds = new ArrayList<>();
        final CompletableFuture<Void> recorded = new CompletableFuture<>();
    }

    /** The burst still gathering rows, if any; guarded by {@code this}. */
    private Burst gathering;

    /**
     * A new push row: written at once if the device's stream is open on this instance. The rows
     * notified together are taken, written and recorded in one transaction (decision 0119): one
     * commit's notifications (a poll of challenge events, decision 0118) arrive in one read of the
     * LISTEN connection, so the rows notified before this event-loop task ends join one burst, which
     * is written right after it. Nothing waits for a burst to fill.
     */
    Uni<Void> dispatch(UUID pushId, String deviceId) {
        if (!connected.isConnected(deviceId)) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        if (context == null) {
            return outcomes.writtenToStream(List.of(pushId), this::send);
        }
        Burst burst;
        boolean opened;
        synchronized (this) {
            opened = gathering == null;
            if (opened) {
                gathering = new Burst();
            }
            burst = gathering;
            burst.pushIds.add(pushId);
        }
        if (opened) {
            context.runOnContext(ignored -> write(burst));
        }
        return Uni.createFrom().completionStage(burst.recorded);
    }

    private void write(Burst burst) {
        List<UUID> pushIds;
        synchronized (this) {
            if (gathering == burst) {
                gathering = null;
            }
            pushIds = List.copyOf(burst.pushIds);
        }
        outcomes.writtenToStream(pushIds, this::send).subscribe()
                .with(ignored -> burst.recorded.complete(null), burst.recorded::completeExceptionally);
    }

    /**
     * Everything queued for a device that just opened its stream (at {@code openedAt}), oldest
     * first, and every open challenge frame written to it before that and never acknowledged (the
     * frame may have died with the previous connection), as long as the frame's re-sends are under
     * the limit. A frame written after the open went to this connection and waits for its ack.
     */
    public Uni<Void> sendQueued(String deviceId, Instant openedAt) {
        return sendQueued(deviceId, openedAt.atOffset(ZoneOffset.UTC));
    }

    /**
     * Claims the device's unsent rows and its challenge frames written before {@code unackedSince}
     * without an ack (counting a re-send), and writes them oldest first.
     */
    Uni<Void> sendQueued(String deviceId, OffsetDateTime unackedSince) {
        return store.claimQueued(deviceId, unackedSince).chain(queued -> {
            Uni<Void> inOrder = Uni.createFrom().voidItem();
            for (PushStore.Claimed claimed : queued) {
                if (claimed.resend()) {
                    LOG.debugf("Push %s was not acknowledged by device %s; writing it again", claimed.push().id(), deviceId);
                }
                inOrder = inOrder.chain(() -> write(Optional.of(claimed.push()), claimed.resend()));
            }
            return inOrder;
        });
    }

    /**
     * The device read the frame of this push. Only a push of the device whose authenticated stream
     * says so is marked; an id of another device's push changes nothing. Known here at once, recorded
     * in the database with the next batch of acks ({@link FrameAcks}).
     */
    public void acknowledged(String deviceId, UUID pushId) {
        WrittenFrame known = written.get(pushId);
        if (known == null || !known.deviceId.equals(deviceId) || known.acknowledged) {
            return;
        }
        known.acknowledged = true;
        acks.add(deviceId, pushId);
    }

    /**
     * Delivered on the direct channel means the first write to the socket (decision 0013): a
     * re-send publishes nothing more, and one that finds the stream gone stays due for the next connect.
     */
    private Uni<Void> write(Optional<QueuedPush> claimed, boolean resend) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        QueuedPush push = claimed.get();
        return send(push).chain(sent -> {
            if (resend) {
                return Uni.createFrom().voidItem();
            }
            return sent
                    ? outcomes.delivered(push, DIRECT)
                    // The stream went away between the claim and the write: queue it again for the next connect.
                    : store.unclaimDirect(push.id());
        });
    }

    /**
     * The frame to the device's open streams. A challenge frame is known as written from before the
     * write, which its ack may beat; one the device already acknowledged here counts as written and is
     * not written again.
     */
    private Uni<Boolean> send(QueuedPush push) {
        WrittenFrame known = Pushes.CHALLENGE.equals(push.kind())
                ? written.computeIfAbsent(push.id(), id -> new WrittenFrame(push.deviceId(), push.expiresAt()))
                : null;
        if (known != null && known.acknowledged) {
            return Uni.createFrom().item(true);
        }
        return connected.send(push.deviceId(), frame(push)).invoke(sent -> {
            if (!sent && known != null && !known.acknowledged) {
                written.remove(push.id(), known);
            }
        });
    }

    /** Frames whose push expired are forgotten: a frame past its expiry is never written again anyway. */
    void forgetExpiredFrames(Instant now) {
        written.values().removeIf(frame -> frame.expiresAt.isBefore(now));
    }

    /**
     * The stored frame with the push's id first, for the device to acknowledge. Added at write
     * time, so the stored frame (and what APNs / FCM carry) stays as it was; older apps ignore it.
     */
    static String frame(QueuedPush push) {
        String payload = push.payload();
        return "{\"pushId\":\"" + push.id() + "\"" + (payload.length() > 2 ? "," : "") + payload.substring(1);
    }
}
