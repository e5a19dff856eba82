package io.tweestap.e2e.scaleout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The faults a run injected, when, and how long the survivors took to take over. */
final class FaultLog {

    /** {@code takeover}: until another instance leads the outbox relay, or every partition has a new leader. */
    record Fault(String what, long killedNanos, Duration takeover) {
    }

    /** Completed sign-ins are looked at from a little before each kill until this long after it. */
    private static final Duration AROUND = Duration.ofSeconds(20);

    private final List<Fault> faults = new ArrayList<>();
    private RuntimeException failure;

    synchronized void add(Fault fault) {
        faults.add(fault);
    }

    synchronized void failed(RuntimeException e) {
        failure = e;
    }

    synchronized List<Fault> faults() {
        if (failure != null) {
            throw new IllegalStateException("injecting the faults failed after " + faults.size() + " of them", failure);
        }
        return List.copyOf(faults);
    }

    /** Per fault: the longest time without an approved sign-in around it, and the takeover time. */
    static String describe(List<Fault> faults, List<SignInLoad.Outcome> outcomes) {
        StringBuilder described = new StringBuilder();
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            long next = i + 1 < faults.size() ? faults.get(i + 1).killedNanos() : Long.MAX_VALUE;
            described.append(i == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s killed at %s: longest gap %.1f s, takeover %.1f s",
                    fault.what(), Instant.now().minusNanos(System.nanoTime() - fault.killedNanos()),
                    longestGap(fault, next, outcomes).toMillis() / 1000.0, fault.takeover().toMillis() / 1000.0));
        }
        return described.toString();
    }

    /**
     * The longest stretch with no sign-in reaching APPROVED, from 2 s before the kill to 20 s after it
     * or to the next fault, whichever comes first (so that one fault's gap is not counted again as the
     * one before it).
     */
    static Duration longestGap(Fault fault, long nextFaultNanos, List<SignInLoad.Outcome> outcomes) {
        long from = fault.killedNanos() - Duration.ofSeconds(2).toNanos();
        long to = Math.min(fault.killedNanos() + AROUND.toNanos(), nextFaultNanos);
        List<Long> completions = outcomes.stream().filter(o -> "APPROVED".equals(o.status()))
                .map(SignInLoad.Outcome::decidedNanos).filter(t -> t >= from && t <= to).sorted().toList();
        long longest = 0;
        long previous = from;
        for (long t : completions) {
            longest = Math.max(longest, t - previous);
            previous = t;
        }
        return Duration.ofNanos(Math.max(longest, to - previous));
    }

    /**
     * Sign-ins reaching APPROVED per 5 s from the first sign-in on, each fault named in the stretch it
     * began in: where the gaps and slow stretches were, for reading beside the {@code ScaleOut:} line.
     */
    static String timeline(List<Fault> faults, List<SignInLoad.Outcome> outcomes) {
        long start = outcomes.stream().mapToLong(SignInLoad.Outcome::createdNanos).min().orElse(0);
        long step = Duration.ofSeconds(5).toNanos();
        java.util.TreeMap<Long, Integer> approved = new java.util.TreeMap<>();
        outcomes.stream().filter(o -> "APPROVED".equals(o.status()))
                .forEach(o -> approved.merge((o.decidedNanos() - start) / step, 1, Integer::sum));
        java.util.Map<Long, String> named = new java.util.HashMap<>();
        faults.forEach(f -> named.merge((f.killedNanos() - start) / step, f.what(), (a, b) -> a + "+" + b));
        long last = approved.isEmpty() ? 0 : approved.lastKey();
        StringBuilder line = new StringBuilder();
        for (long bucket = 0; bucket <= last; bucket++) {
            line.append(bucket == 0 ? "" : " ").append(approved.getOrDefault(bucket, 0));
            if (named.containsKey(bucket)) {
                line.append('[').append(named.get(bucket)).append(']');
            }
        }
        return line.toString();
    }
}
