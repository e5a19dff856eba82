package io.tweestap.events.inbox;

import java.time.Duration;
import java.util.Optional;

/**
 * When one record is tried again (decision 0008). Transient failures are retried for as long as
 * they last, with a back-off that doubles from {@link #FIRST} up to {@link #CAP}; the cap keeps the
 * wait after an outage short. Unexpected failures get {@link #UNEXPECTED_ATTEMPTS} tries in all,
 * as before; a permanent failure none. One schedule per record, not shared.
 */
final class RetrySchedule {

    static final Duration FIRST = Duration.ofMillis(200);
    static final Duration CAP = Duration.ofSeconds(10);
    static final int UNEXPECTED_ATTEMPTS = 6;

    private int failures;
    private int unexpectedFailures;

    /** The wait before the next try after this failure, or empty when the record is to be dead-lettered. */
    Optional<Duration> after(FailureClass failure) {
        failures++;
        switch (failure) {
            case PERMANENT:
                return Optional.empty();
            case UNEXPECTED:
                unexpectedFailures++;
                if (unexpectedFailures >= UNEXPECTED_ATTEMPTS) {
                    return Optional.empty();
                }
                break;
            default:
                break;
        }
        return Optional.of(backOff(failures));
    }

    /** How many tries have failed so far. */
    int failures() {
        return failures;
    }

    static Duration backOff(int failures) {
        int doublings = Math.min(failures - 1, 16);
        Duration wait = FIRST.multipliedBy(1L << doublings);
        return wait.compareTo(CAP) > 0 ? CAP : wait;
    }
}
