package io.tweestap.sms.service;

import io.tweestap.api.ProblemException;

/**
 * What a transaction decided. A refusal is returned rather than thrown, so that the transaction
 * still commits the refusal's event; it becomes an error only after the commit.
 */
sealed interface Outcome<T> {

    record Done<T>(T value) implements Outcome<T> {
    }

    record Refused<T>(ProblemException problem) implements Outcome<T> {
    }

    static <T> Outcome<T> done(T value) {
        return new Done<>(value);
    }

    static <T> Outcome<T> refused(ProblemException problem) {
        return new Refused<>(problem);
    }

    default T orThrow() {
        if (this instanceof Refused<T> refused) {
            throw refused.problem();
        }
        return ((Done<T>) this).value();
    }
}
