package io.tweestap.notification.stream;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The device streams open on this instance. A device may briefly hold two (a reconnect racing the old close). */
@ApplicationScoped
public class ConnectedDevices {

    private final Map<String, Set<WebSocketConnection>> streams = new ConcurrentHashMap<>();

    void add(String deviceId, WebSocketConnection connection) {
        streams.computeIfAbsent(deviceId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void remove(String deviceId, WebSocketConnection connection) {
        streams.computeIfPresent(deviceId, (id, open) -> {
            open.remove(connection);
            return open.isEmpty() ? null : open;
        });
    }

    public boolean isConnected(String deviceId) {
        return streams.containsKey(deviceId);
    }

    public Set<String> deviceIds() {
        return Set.copyOf(streams.keySet());
    }

    /** @return whether at least one of the device's streams took the frame */
    public Uni<Boolean> send(String deviceId, String frame) {
        List<WebSocketConnection> open = List.copyOf(streams.getOrDefault(deviceId, Set.of()));
        if (open.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        List<Uni<Boolean>> sends = open.stream()
                .map(connection -> connection.sendText(frame).replaceWith(true).onFailure().recoverWithItem(false))
                .toList();
        return Uni.join().all(sends).andFailFast().map(results -> results.contains(true));
    }

    /** A removed device's key is no longer trusted, so its open streams end now. */
    public Uni<Void> disconnect(String deviceId) {
        List<WebSocketConnection> open = List.copyOf(streams.getOrDefault(deviceId, Set.of()));
        streams.remove(deviceId);
        if (open.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(open.stream().map(connection -> connection.close().onFailure().recoverWithNull()).toList())
                .andFailFast().replaceWithVoid();
    }
}
