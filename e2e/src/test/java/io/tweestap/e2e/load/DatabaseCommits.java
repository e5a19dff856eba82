package io.tweestap.e2e.load;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Transactions committed in each of the services' databases ({@code xact_commit} of
 * {@code pg_stat_database}), read with psql as the PostgreSQL administrator.
 */
public final class DatabaseCommits {

    private final PostgresAdmin admin;
    private final Map<String, String> databases;

    /** @param databases service name → its database */
    public DatabaseCommits(PostgresAdmin admin, Map<String, String> databases) {
        this.admin = admin;
        this.databases = databases;
    }

    public Map<String, Long> read() {
        String names = databases.values().stream().map(db -> "'" + db + "'").collect(Collectors.joining(","));
        Map<String, Long> byDatabase = new LinkedHashMap<>();
        admin.query("postgres", "SELECT datname, xact_commit FROM pg_stat_database WHERE datname IN (" + names + ")")
                .lines().filter(line -> line.contains("|")).forEach(line -> {
                    String[] cells = line.split("\\|");
                    byDatabase.put(cells[0], Long.parseLong(cells[1].strip()));
                });
        Map<String, Long> byService = new LinkedHashMap<>();
        databases.forEach((service, db) -> byService.put(service, byDatabase.getOrDefault(db, 0L)));
        return byService;
    }

    /**
     * The counts once they stop moving: a backend reports its commits to the statistics at most
     * once a second and when it goes idle, so the last second of a load shows only after it. A
     * service's own timers may keep them moving a little; after 8 s the last read is taken.
     */
    public Map<String, Long> readSettled() {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>(read());
        try {
            return Awaitility.await("commit counts settled").atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(1200))
                    .until(() -> {
                        Map<String, Long> now = read();
                        return now.equals(last.getAndSet(now)) ? now : null;
                    }, Objects::nonNull);
        } catch (ConditionTimeoutException stillMoving) {
            return last.get();
        }
    }

    public static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new LinkedHashMap<>();
        after.forEach((service, commits) -> delta.put(service, commits - before.getOrDefault(service, 0L)));
        return delta;
    }
}
