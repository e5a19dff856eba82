package io.tweestap.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The platform's own page, outside Tweestap, that the wizard's "Done" returns the person to: the
 * portal they were signing in to. Records each visit so a test sees the browser arrive.
 */
final class PlatformPortal implements AutoCloseable {

    private final HttpServer server;
    private final List<String> visits = new CopyOnWriteArrayList<>();

    PlatformPortal() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            visits.add(exchange.getRequestURI().getPath());
            byte[] page = "<!DOCTYPE html><html lang=\"en\"><title>Payroll portal</title><h1>Payroll portal</h1></html>"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(page);
            }
        });
        server.start();
    }

    /** A page of the portal, e.g. {@code /signed-in}. */
    URI page(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<String> visits() {
        return visits;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
