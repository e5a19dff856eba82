package io.tweestap.e2e.load;

import io.tweestap.e2e.scaleout.SignInLoad;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one level of sign-in load gave: how many sign-ins were decided and how fast, which went
 * wrong, created → push and created → APPROVED, the CPU each process spent and the commits each
 * service's database made per sign-in, the rate as a share of the pgbench ceiling, and each
 * service's resident memory when the level ended.
 *
 * @param errors sign-ins not approved by the phone and seen APPROVED by the long-poll, or not finished
 * @param nobodyFree open loop only: arrivals that found every person busy (the generator too small)
 */
public record LoadLevel(String name, int signIns, int errors, int nobodyFree, Duration length, Percentiles toPush,
        Percentiles toApproved, Map<String, Double> cpuMillis, Map<String, Long> commits, double ceiling,
        Map<String, Long> residentMib, String loadAverage) {

    public static LoadLevel of(String name, Duration length, List<SignInLoad.Outcome> outcomes, List<String> failures,
            int nobodyFree, Map<String, Double> cpuMillis, Map<String, Long> commits, double ceiling,
            Map<String, Long> residentMib, String loadAverage) {
        List<SignInLoad.Outcome> approved = outcomes.stream().filter(SignInLoad.Outcome::approved).toList();
        return new LoadLevel(name, outcomes.size(), failures.size() + outcomes.size() - approved.size(), nobodyFree, length,
                Percentiles.ofNanos(approved.stream().map(o -> o.pushedNanos() - o.createdNanos()).toList()),
                Percentiles.ofNanos(approved.stream().map(o -> o.decidedNanos() - o.createdNanos()).toList()),
                cpuMillis, commits, ceiling, residentMib, loadAverage);
    }

    public double perSecond() {
        return signIns / (length.toNanos() / 1e9);
    }

    public double commitsPerSignIn() {
        return commits.values().stream().mapToLong(Long::longValue).sum() / (double) Math.max(1, signIns);
    }

    public Map<String, Double> cpuMillisPerSignIn() {
        return cpuMillis.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue() / Math.max(1, signIns), (a, b) -> a, java.util.LinkedHashMap::new));
    }

    public double shareOfCeiling() {
        return perSecond() / ceiling;
    }

    /** The {@code Load:} line of this level. */
    public String line() {
        String cpu = cpuMillisPerSignIn().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).collect(Collectors.joining(", "));
        String perService = commits.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue() / (double) Math.max(1, signIns)))
                .collect(Collectors.joining(", "));
        String resident = residentMib.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "Load: %s: %.1f sign-ins/s (%d in %.1f s), %d errors%s; created -> push %s;"
                        + " created -> APPROVED %s; CPU ms per sign-in: %s; commits per sign-in %.1f (%s);"
                        + " %.1f %% of the pgbench sign-in ceiling (%.0f/s); resident MiB at the end: %s; load average %s",
                name, perSecond(), signIns, length.toNanos() / 1e9, errors,
                nobodyFree > 0 ? ", " + nobodyFree + " arrivals found everyone busy" : "", toPush, toApproved, cpu,
                commitsPerSignIn(), perService, 100 * shareOfCeiling(), ceiling, resident, loadAverage);
    }
}
