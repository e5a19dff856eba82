package io.tweestap.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Committed transactions of each service's database as PostgreSQL counts them
 * ({@code pg_stat_database.xact_commit}: every transaction that ended in a commit, a lone SELECT
 * outside a transaction block included), read with {@code psql} as the machine's superuser
 * ({@code -Dtweestap.e2e.psql-user}, {@code postgres} by default). A backend reports its counts
 * when it goes idle, at most once a second, and an idle one within {@link #REPORT_LAG}: a reading
 * taken less than that after the work it is meant to include misses part of it.
 */
final class ServiceCommits {

    /** PostgreSQL 15's PGSTAT_IDLE_INTERVAL (10 s) with a margin. */
    static final java.time.Duration REPORT_LAG = java.time.Duration.ofSeconds(12);

    private final List<String> services;
    private final String suffix;

    /** The databases {@code <service><suffix>}, e.g. {@code challenge_e2e}. */
    ServiceCommits(List<String> services, String suffix) {
        this.services = List.copyOf(services);
        this.suffix = suffix;
    }

    /** Commits so far per service, in the order the services were named. */
    Map<String, Long> read() {
        StringBuilder names = new StringBuilder();
        for (String service : services) {
            names.append(names.isEmpty() ? "" : ",").append('\'').append(service).append(suffix).append('\'');
        }
        String output = psql("SELECT datname, xact_commit FROM pg_stat_database WHERE datname IN (" + names + ")");
        Map<String, Long> byDatabase = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            String[] fields = line.trim().split("\\|");
            if (fields.length == 2) {
                byDatabase.put(fields[0], Long.parseLong(fields[1]));
            }
        }
        Map<String, Long> commits = new LinkedHashMap<>();
        for (String service : services) {
            Long count = byDatabase.get(service + suffix);
            if (count == null) {
                throw new IllegalStateException("PostgreSQL has no statistics for database " + service + suffix + ": " + output);
            }
            commits.put(service, count);
        }
        return commits;
    }

    /** {@code later - earlier}, per service. */
    static Map<String, Long> between(Map<String, Long> earlier, Map<String, Long> later) {
        Map<String, Long> delta = new LinkedHashMap<>();
        later.forEach((service, count) -> delta.put(service, count - earlier.get(service)));
        return delta;
    }

    private static String psql(String sql) {
        String user = System.getProperty("tweestap.e2e.psql-user", "postgres");
        try {
            Process process = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", user, "-d", "postgres", "-XAtc", sql)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("psql failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
