package io.tweestap.e2e.load;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/** p50, p90, p99 and the maximum of a set of durations in milliseconds (nearest rank). */
public record Percentiles(double p50, double p90, double p99, double max) {

    public static Percentiles ofNanos(Collection<Long> nanos) {
        double[] sorted = nanos.stream().mapToDouble(n -> n / 1e6).sorted().toArray();
        if (sorted.length == 0) {
            return new Percentiles(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Percentiles(rank(sorted, 50), rank(sorted, 90), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest-rank percentile of sorted values. */
    private static double rank(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public boolean ordered() {
        double[] values = {p50, p90, p99, max};
        return p50 >= 0 && Arrays.equals(values, Arrays.stream(values).sorted().toArray());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "p50 %.0f / p90 %.0f / p99 %.0f / max %.0f ms", p50, p90, p99, max);
    }
}
