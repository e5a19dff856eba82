package io.tweestap.sms.domain;

import java.time.Duration;

/**
 * How long a code is, how long it is valid and how often it may be tried: a tenant's policy or the
 * configured defaults. The bounds keep every tenant's choice safe (decision 0102): the weakest
 * allowed, 6 digits and 10 checks, leaves a guesser one chance in 100 000 per code (the defaults, 6
 * and 5, one in 200 000); fewer than 3 checks lock out people who mistype; a code living longer than
 * 15 minutes gives a phisher time to relay it.
 */
public record CodeRules(int length, Duration lifetime, int maxChecks) {

    public static final int MIN_LENGTH = 6;
    public static final int MAX_LENGTH = 8;
    public static final int MIN_LIFETIME_MINUTES = 1;
    public static final int MAX_LIFETIME_MINUTES = 15;
    public static final int MIN_CHECKS = 3;
    public static final int MAX_CHECKS = 10;

    public CodeRules {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("A code has " + MIN_LENGTH + " to " + MAX_LENGTH + " digits, not " + length);
        }
        // Whole minutes: the SMS tells the person how many minutes the code is valid.
        if (lifetime.toSecondsPart() != 0 || lifetime.toMinutes() < MIN_LIFETIME_MINUTES
                || lifetime.toMinutes() > MAX_LIFETIME_MINUTES) {
            throw new IllegalArgumentException("A code lives " + MIN_LIFETIME_MINUTES + " to " + MAX_LIFETIME_MINUTES
                    + " whole minutes, not " + lifetime);
        }
        if (maxChecks < MIN_CHECKS || maxChecks > MAX_CHECKS) {
            throw new IllegalArgumentException("A code may be checked " + MIN_CHECKS + " to " + MAX_CHECKS
                    + " times, not " + maxChecks);
        }
    }

    public int lifetimeMinutes() {
        return (int) lifetime.toMinutes();
    }
}
