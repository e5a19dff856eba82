package io.tweestap.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * How big a load benchmark run is. The full run ({@code -Dtweestap.load=true}) is the issue's
 * layout; the smoke run of the normal build keeps every part but is small and short. Each figure
 * can be changed with {@code -Dtweestap.load.<name>} (people, levels as {@code 1,4,16,64},
 * level-seconds, open-rate, warm-up-seconds, pgbench-clients, pgbench-seconds, kafka-seconds,
 * sms-checks, sms-warm-up, enrol-concurrency, enrol-warm-up).
 */
record LoadSettings(int people, List<Integer> levels, Duration levelLength, double openRate, Duration warmUp,
        int pgbenchClients, Duration pgbenchLength, Duration kafkaLength, int smsChecks, int smsWarmUp,
        int enrolConcurrency, int enrolWarmUp) {

    static LoadSettings full() {
        // 300 enrolments first, not counted: fewer measured the services' compilers, not their enrolments.
        return fromSystemProperties(200, "1,4,16,64", 30, 50, 60, 10, 10, 1_500, 500, 8, 300);
    }

    /** A few seconds a level, four people: what the normal build can afford on a busy machine. */
    static LoadSettings smoke() {
        return fromSystemProperties(4, "1,4", 3, 4, 2, 2, 2, 5, 5, 2, 2);
    }

    private static LoadSettings fromSystemProperties(int people, String levels, int levelSeconds, double openRate,
            int warmUpSeconds, int pgbenchSeconds, int kafkaSeconds, int smsChecks, int smsWarmUp,
            int enrolConcurrency, int enrolWarmUp) {
        LoadSettings settings = new LoadSettings(Integer.getInteger("tweestap.load.people", people),
                Arrays.stream(System.getProperty("tweestap.load.levels", levels).split(",")).map(String::strip)
                        .map(Integer::valueOf).toList(),
                Duration.ofSeconds(Long.getLong("tweestap.load.level-seconds", levelSeconds)),
                Double.parseDouble(System.getProperty("tweestap.load.open-rate", Double.toString(openRate))),
                Duration.ofSeconds(Long.getLong("tweestap.load.warm-up-seconds", warmUpSeconds)),
                Integer.getInteger("tweestap.load.pgbench-clients", 8),
                Duration.ofSeconds(Long.getLong("tweestap.load.pgbench-seconds", pgbenchSeconds)),
                Duration.ofSeconds(Long.getLong("tweestap.load.kafka-seconds", kafkaSeconds)),
                Integer.getInteger("tweestap.load.sms-checks", smsChecks),
                Integer.getInteger("tweestap.load.sms-warm-up", smsWarmUp),
                Integer.getInteger("tweestap.load.enrol-concurrency", enrolConcurrency),
                Integer.getInteger("tweestap.load.enrol-warm-up", enrolWarmUp));
        int most = settings.levels().stream().mapToInt(Integer::intValue).max().orElse(1);
        if (most > settings.people()) {
            throw new IllegalArgumentException(most + " sign-ins at a time need at least as many people, not " + settings.people());
        }
        return settings;
    }
}
