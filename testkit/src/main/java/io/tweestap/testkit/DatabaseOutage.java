package io.tweestap.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Quarkus test resource: the application's reactive datasource reaches PostgreSQL through a TCP
 * forwarder this test owns, so a test can take the database away from this one application — every
 * open connection dropped, new ones refused — and give it back, while the machine's PostgreSQL (which
 * other test runs share) keeps running. Flyway's JDBC connection goes straight to the server.
 *
 * <p>Init arg {@code database}: the test database, e.g. {@code challenge_test}, unless the
 * configured {@code quarkus.datasource.jdbc.url} names another (a run on a database of its own). Use with
 * {@code restrictToAnnotatedClass = true}, so the other tests keep their direct connection.
 */
public class DatabaseOutage implements QuarkusTestResourceLifecycleManager {

    private static final String TARGET_HOST = "127.0.0.1";
    private static final int TARGET_PORT = 5432;

    private static volatile DatabaseOutage current;

    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile Thread acceptor;
    private int port;
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get("database");
        if (database == null) {
            throw new IllegalArgumentException("DatabaseOutage needs the init arg 'database'");
        }
    }

    @Override
    public Map<String, String> start() {
        // The database Flyway migrates (the JDBC URL, which a run may point at a database of its own)
        // is the one to forward to; the init arg names it when that URL cannot be read.
        configuredDatabase().ifPresent(name -> database = name);
        listenBelowEphemeralPorts();
        current = this;
        return Map.of("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:" + port + "/" + database);
    }

    @Override
    public void stop() {
        cutConnections();
    }

    private static java.util.Optional<String> configuredDatabase() {
        try {
            return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                    .map(url -> url.substring(url.lastIndexOf('/') + 1).replaceFirst("[?].*$", ""))
                    .filter(name -> !name.isBlank());
        } catch (RuntimeException | LinkageError noConfigYet) {
            return java.util.Optional.empty();
        }
    }

    /** The forwarder of the running test application. */
    public static DatabaseOutage current() {
        return current;
    }

    /** The database is gone for this application: open connections drop, new ones are refused. */
    public synchronized void begin() {
        cutConnections();
    }

    /**
     * The database is back on the same address. Binding is retried for a few seconds: a socket of
     * the closed listener can hold the port for a moment after {@link #begin} (seen once in CI,
     * with begin and end called back to back: "Address already in use").
     */
    public synchronized void end() {
        if (listener != null) {
            return;
        }
        org.awaitility.Awaitility.await("the forwarder listening again on port " + port)
                .atMost(java.time.Duration.ofSeconds(5)).pollDelay(java.time.Duration.ZERO)
                .pollInterval(java.time.Duration.ofMillis(50)).ignoreException(UncheckedIOException.class)
                .until(() -> {
                    listen(port);
                    return true;
                });
    }

    /**
     * A port below the kernel's ephemeral range (32768 and up on Linux), so that while the forwarder
     * is away no outgoing connection of any process can be given it as its local port and keep
     * {@link #end} from listening there again (seen once in CI: "Address already in use").
     */
    private void listenBelowEphemeralPorts() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                listen(20_000 + random.nextInt(12_000));
                return;
            } catch (UncheckedIOException taken) {
                // another listener has it: draw again
            }
        }
        listen(0);
    }

    /**
     * Closes the listener and waits for its acceptor to leave accept(): a thread blocked there keeps
     * the kernel's listening socket alive until it is woken, so an end() right after would find
     * the port still taken. Connections are cut after that, so none accepted meanwhile stays open.
     */
    private void cutConnections() {
        ServerSocket closing = listener;
        Thread accepting = acceptor;
        listener = null;
        acceptor = null;
        closeQuietly(closing);
        if (accepting != null && accepting != Thread.currentThread()) {
            try {
                accepting.join(5_000);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        open.forEach(DatabaseOutage::closeQuietly);
        open.clear();
    }


    private void listen(int onPort) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            port = socket.getLocalPort();
            listener = socket;
            ServerSocket bound = socket;
            Thread accepting = new Thread(() -> accept(bound), "database-outage-accept");
            accepting.setDaemon(true);
            acceptor = accepting;
            accepting.start();
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server;
                try {
                    server = new Socket(TARGET_HOST, TARGET_PORT);
                } catch (IOException refused) {
                    closeQuietly(client);
                    continue;
                }
                open.add(client);
                open.add(server);
                if (socket.isClosed()) {
                    // begin() ran while this connection was being made: it is cut with the rest
                    closeQuietly(client);
                    closeQuietly(server);
                    continue;
                }
                pump(client, server);
                pump(server, client);
            } catch (IOException closedOrRefused) {
                // the listener was closed by begin(), or the server refused: the client sees its socket close
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException dropped) {
                // one side closed: close the other too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
            }
        }, "database-outage-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
