package io.tweestap.notification.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.tweestap.notification.delivery.StreamDelivery;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The direct channel: a device keeps this stream open and receives each push as one JSON text
 * frame. {@link DeviceHandshake} has authenticated it before this class sees it. On open the
 * device first gets whatever was queued for it and has not expired, and the challenge frames it
 * never acknowledged. The device acknowledges each frame it read with
 * {@code {"type":"ack","pushId":"…"}}; an ack counts only for this stream's own device, and one the
 * database cannot take at the moment is kept until it can (a frame it acknowledges is not written again).
 */
@WebSocket(path = "/api/v1/devices/{deviceId}/stream", endpointId = DeviceStream.ID)
public class DeviceStream {

    static final String ID = "device-stream";
    private static final Logger LOG = Logger.getLogger(DeviceStream.class);
    private static final int MAX_MESSAGE_LENGTH = 256;

    @Inject
    Clock clock;

    @Inject
    ConnectedDevices connected;

    @Inject
    StreamDelivery delivery;

    @Inject
    ObjectMapper json;

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection, @PathParam String deviceId) {
        Instant opened = clock.instant();
        connected.add(deviceId, connection);
        // Should the database fail here, the stream stays open and the sweep writes the queue.
        return delivery.sendQueued(deviceId, opened).onFailure().recoverWithItem(failure -> {
            LOG.warnf("Queue of device %s not sent on connect (the sweep sends it): %s", deviceId, failure.toString());
            return null;
        });
    }

    /** Anything but a well-formed ack is ignored: the stream stays open for the pushes. */
    @OnTextMessage
    public Uni<Void> message(String message, @PathParam String deviceId) {
        if (message.length() > MAX_MESSAGE_LENGTH) {
            return Uni.createFrom().voidItem();
        }
        UUID pushId;
        try {
            JsonNode ack = json.readTree(message);
            if (ack == null || !"ack".equals(ack.path("type").asText()) || !ack.path("pushId").isTextual()) {
                return Uni.createFrom().voidItem();
            }
            pushId = UUID.fromString(ack.get("pushId").asText());
        } catch (Exception unreadable) {
            LOG.debugf("Ignored an unreadable message on the stream of device %s", deviceId);
            return Uni.createFrom().voidItem();
        }
        // Recorded in the background with other acks: one the database cannot take now (it is away) is
        // tried again until it is back, and the stream is never dropped for it.
        delivery.acknowledged(deviceId, pushId);
        return Uni.createFrom().voidItem();
    }

    @OnClose
    public void close(WebSocketConnection connection, @PathParam String deviceId) {
        connected.remove(deviceId, connection);
    }
}
