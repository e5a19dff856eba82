package io.tweestap.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One service instance behind the load balancer, as far as HAProxy can tell: answers its readiness
 * check, plain requests (with its name) and WebSocket upgrades (then echoes), one request per
 * connection. It can be made not ready, or made to die mid-request on {@code /flaky}: read the request,
 * then close the connection without an answer, as a killed process does.
 */
final class FakeInstance implements AutoCloseable {

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final String name;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    volatile boolean ready = true;
    volatile boolean dying;

    FakeInstance(String name) {
        this.name = name;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        connections.execute(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** "METHOD path" of every request but the readiness checks, in order of arrival. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void reset() {
        requests.clear();
        ready = true;
        dying = false;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.execute(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] line = head.get(0).split(" ");
            String request = line[0] + " " + line[1];
            int length = Integer.parseInt(header(head, "content-length", "0"));
            in.readNBytes(length);
            if (line[1].equals("/q/health/ready")) {
                answer(out, ready ? 200 : 503, "{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"}");
                return;
            }
            requests.add(request);
            if (dying && line[1].equals("/flaky")) {
                return; // the request arrived and may have done its work; no answer comes back
            }
            String key = header(head, "sec-websocket-key", null);
            if (key != null) {
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                in.transferTo(out);
                return;
            }
            answer(out, 200, name);
        } catch (IOException gone) {
            // the client or the balancer went away
        }
    }

    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII).strip();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static String header(List<String> head, String name, String otherwise) {
        return head.stream().skip(1).filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                .map(h -> h.substring(h.indexOf(':') + 1).strip()).findFirst().orElse(otherwise);
    }

    private static void answer(OutputStream out, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: text/plain\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
