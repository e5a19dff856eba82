package io.tweestap.e2e.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What this machine's PostgreSQL can do at most for sign-ins: pgbench runs {@code
 * load/sign-in-minimum.pgbench} (the three commits one sign-in needs at the least) against a scratch
 * database with the tables challenge-service's own migrations create, and the answer is its
 * transactions per second, each transaction one sign-in's writes.
 */
public final class SignInCeiling {

    /** pgbench's rate, its clients and how long it ran. */
    public record Result(double signInsPerSecond, int clients, Duration length) {
    }

    private static final Pattern FAILED = Pattern.compile("number of failed transactions: ([0-9]+)");
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    private final PostgresAdmin admin;
    private final Path root;
    private final String scratchPrefix;

    /** @param root the repository, whose migrations shape the scratch tables */
    public SignInCeiling(PostgresAdmin admin, Path root) {
        this(admin, root, "load_ceiling_");
    }

    /** @param scratchPrefix the start of the scratch database's name; a random end makes it this run's own */
    SignInCeiling(PostgresAdmin admin, Path root, String scratchPrefix) {
        this.admin = admin;
        this.root = root;
        this.scratchPrefix = scratchPrefix;
    }

    public Result measure(int clients, Duration length) {
        String database = scratchPrefix + UUID.randomUUID().toString().substring(0, 8);
        admin.createDatabase(database);
        try {
            for (Path migration : migrations()) {
                admin.runFile(database, migration.toString());
            }
            Path script = Files.createTempFile("sign-in-minimum-", ".pgbench");
            try (InputStream in = SignInCeiling.class.getResourceAsStream("/load/sign-in-minimum.pgbench")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            String output = LocalCommand.run(admin.command(pgbench(), "-n", "-c", Integer.toString(clients),
                    "-j", Integer.toString(Math.min(clients, Runtime.getRuntime().availableProcessors())),
                    "-T", Long.toString(length.toSeconds()), "-f", script.toString(), database), length.toSeconds() + 120);
            Files.deleteIfExists(script);
            Matcher tps = TPS.matcher(output);
            Matcher failed = FAILED.matcher(output);
            if (!tps.find() || failed.find() && !"0".equals(failed.group(1))) {
                throw new IllegalStateException("pgbench gave no clean rate:\n" + output);
            }
            return new Result(Double.parseDouble(tps.group(1)), clients, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            admin.dropDatabase(database);
        }
    }

    /** The events module's outbox and inbox, then challenge-service's migrations in version order. */
    private List<Path> migrations() throws IOException {
        List<Path> files = new ArrayList<>();
        Path events = root.resolve("events/src/main/resources/db/tweestap-events");
        files.addAll(versioned(events));
        files.addAll(versioned(root.resolve("challenge-service/src/main/resources/db/migration")));
        try (Stream<Path> repeatable = Files.list(events)) {
            repeatable.filter(p -> p.getFileName().toString().startsWith("R__")).sorted().forEach(files::add);
        }
        return files;
    }

    private static List<Path> versioned(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches("V[0-9_]+__.*\\.sql"))
                    .sorted(Comparator.comparing(SignInCeiling::version)).toList();
        }
    }

    /** Flyway's order: V0_1 before V1 before V10. */
    private static String version(Path migration) {
        String name = migration.getFileName().toString();
        return Stream.of(name.substring(1, name.indexOf("__")).split("_"))
                .map(part -> String.format("%06d", Integer.parseInt(part))).collect(java.util.stream.Collectors.joining("."));
    }

    /** pgbench on the PATH, else from the newest PostgreSQL under /usr/lib/postgresql (Debian keeps it there). */
    private static String pgbench() {
        String configured = System.getProperty("tweestap.load.pgbench");
        if (configured != null) {
            return configured;
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(v -> v.resolve("bin/pgbench")).filter(Files::isExecutable)
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getParent().getFileName().toString())))
                    .map(Path::toString).orElse("pgbench");
        } catch (IOException | NumberFormatException none) {
            return "pgbench";
        }
    }
}
