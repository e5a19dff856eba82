package io.tweestap.sms.vonage;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Spaces calls to Vonage evenly so that we stay under the account's request limit (30/s by
 * default) instead of bursting and collecting "Throttled" answers. Reserving a slot never blocks;
 * the caller delays its call by the returned wait.
 */
public final class SendRate {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private long nextFree;

    public SendRate(int perSecond, LongSupplier nanoTime) {
        this.intervalNanos = 1_000_000_000L / perSecond;
        this.nanoTime = nanoTime;
        this.nextFree = nanoTime.getAsLong();
    }

    /** How long to wait before this caller's request may go out. */
    public synchronized Duration reserve() {
        long now = nanoTime.getAsLong();
        long slot = Math.max(now, nextFree);
        nextFree = slot + intervalNanos;
        return Duration.ofNanos(slot - now);
    }
}
