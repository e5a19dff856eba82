package io.tweestap.authenticator;

import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/** The open direct push channel; close it to stop listening. */
public final class PushStream implements AutoCloseable {

    private final Consumer<PushFrame> onPush;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;
    private volatile String closeReason;

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
                    deliver(text);
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

    private void deliver(String text) {
        PushFrame frame;
        try {
            frame = Json.MAPPER.readValue(text, PushFrame.class);
        } catch (Exception unreadable) {
            // A newer service may send frame types this version does not know; skipping them keeps listening.
            return;
        }
        onPush.accept(frame);
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
