package io.tweestap.notification.stream;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.tweestap.notification.delivery.PushDispatcher;
import jakarta.inject.Inject;

/**
 * The direct channel: a device keeps this stream open and receives each push as one JSON text
 * frame. {@link DeviceHandshake} has authenticated it before this class sees it. On open the
 * device first gets whatever was queued for it and has not expired.
 */
@WebSocket(path = "/api/v1/devices/{deviceId}/stream", endpointId = DeviceStream.ID)
public class DeviceStream {

    static final String ID = "device-stream";

    @Inject
    ConnectedDevices connected;

    @Inject
    PushDispatcher dispatcher;

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection, @PathParam String deviceId) {
        connected.add(deviceId, connection);
        return dispatcher.sendQueued(deviceId);
    }

    @OnClose
    public void close(WebSocketConnection connection, @PathParam String deviceId) {
        connected.remove(deviceId, connection);
    }
}
