package io.tweestap.e2e.scaleout;

import io.tweestap.e2e.load.LocalCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The machine's own PostgreSQL server, stopped and started again as an operator (or a failover)
 * does it, with Debian's {@code pg_ctlcluster}. Every service loses every connection at once.
 */
final class MachinePostgres {

    private MachinePostgres() {
    }

    /** Stops the cluster (fast: open connections are cut), keeps it down for {@code down}, starts it. */
    static void restart(Duration down) {
        String version = version();
        run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "fast");
        try {
            TimeUnit.MILLISECONDS.sleep(down.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start");
        }
    }

    private static String version() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(p -> p.getFileName().toString()).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL cluster in /etc/postgresql"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) {
        LocalCommand.run(List.of(command), 60);
    }
}
