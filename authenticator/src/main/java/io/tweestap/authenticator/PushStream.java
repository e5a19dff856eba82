package io.tweestap.authenticator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * The open direct push channel; close it to stop listening. Every frame that names its push is
 * acknowledged ({@code {"type":"ack","pushId":"…"}}) once it has been handed to the listener, so the
 * service does not send it again. The stream remembers the challenges it was told are closed
 * (answered elsewhere, expired, cancelled) so they are not shown again: {@link #open(List)}.
 */
public final class PushStream implements AutoCloseable {

    private final Consumer<PushFrame> onPush;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private final Set<String> closedChallenges = ConcurrentHashMap.newKeySet();
    private volatile WebSocket socket;
    private volatile String closeReason;
    /** One send at a time on a WebSocket: each ack waits for the one before. */
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    PushStream(Consumer<PushFrame> onPush) {
        this.onPush = onPush;
    }

    void attach(WebSocket socket) {
        this.socket = socket;
    }

    WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    deliver(webSocket, text);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closeReason = statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason);
                closed.countDown();
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closeReason = "error: " + error.getMessage();
                closed.countDown();
            }
        };
    }

    private void deliver(WebSocket webSocket, String text) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(text);
        } catch (Exception unreadable) {
            return;
        }
        if (tree == null || !tree.isObject()) {
            return;
        }
        try {
            PushFrame frame = Json.MAPPER.treeToValue(tree, PushFrame.class);
            if (frame.isChallengeClosed()) {
                // Remembered before the listener sees it, so whatever the listener does next already knows.
                closedChallenges.add(frame.challengeId());
            }
            onPush.accept(frame);
        } catch (Exception unreadable) {
            // A newer service may send frame types this version does not know; skipping them keeps listening.
        }
        if (tree.hasNonNull("pushId")) {
            acknowledge(webSocket, tree.get("pushId").asText());
        }
    }

    private synchronized void acknowledge(WebSocket webSocket, String pushId) {
        ObjectNode ack = Json.MAPPER.createObjectNode().put("type", "ack").put("pushId", pushId);
        // An ack that cannot be sent is not retried: the service sends the frame again and it is acknowledged then.
        sending = sending.handle((done, failed) -> null)
                .thenCompose(previous -> webSocket.isOutputClosed()
                        ? CompletableFuture.completedFuture(null) : webSocket.sendText(ack.toString(), true));
    }

    /** Whether this stream said the challenge is closed (answered elsewhere, expired, or cancelled). */
    public boolean isClosed(String challengeId) {
        return challengeId != null && closedChallenges.contains(challengeId);
    }

    /**
     * The requests of {@code listed} this stream was not told are closed: a list fetched while a
     * cancel was on its way may still name the cancelled sign-in.
     */
    public List<SignInRequest> open(List<SignInRequest> listed) {
        return listed.stream().filter(request -> !isClosed(request.challengeId())).toList();
    }

    public boolean isOpen() {
        return closed.getCount() > 0;
    }

    /** Blocks until the service closes the channel (for example when the device is removed). */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    public String closeReason() {
        return closeReason;
    }

    @Override
    public void close() {
        WebSocket open = socket;
        CompletableFuture<?> lastAck;
        synchronized (this) {
            lastAck = sending;
        }
        lastAck.handle((done, failed) -> null).orTimeout(1, java.util.concurrent.TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
        if (open != null && !open.isOutputClosed()) {
            open.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, java.util.concurrent.TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        if (open != null) {
            open.abort();
        }
        closed.countDown();
    }
}
