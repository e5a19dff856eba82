package io.tweestap.e2e.scaleout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

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
        return faults.stream().map(fault -> String.format(Locale.ROOT, "%s killed at %s: longest gap %.1f s, takeover %.1f s",
                        fault.what(), Instant.now().minusNanos(System.nanoTime() - fault.killedNanos()), longestGap(fault, outcomes).toMillis() / 1000.0, fault.takeover().toMillis() / 1000.0))
                .collect(Collectors.joining("; "));
    }

    /** The longest stretch with no sign-in reaching APPROVED, from 2 s before the kill to 20 s after it. */
    static Duration longestGap(Fault fault, List<SignInLoad.Outcome> outcomes) {
        long from = fault.killedNanos() - Duration.ofSeconds(2).toNanos();
        long to = fault.killedNanos() + AROUND.toNanos();
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
}
