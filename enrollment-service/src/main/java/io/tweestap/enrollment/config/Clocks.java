package io.tweestap.enrollment.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * One clock for every time rule, so tests can replace it. It ticks in whole microseconds because
 * PostgreSQL keeps microseconds: an instant we return then equals the one we stored.
 */
public class Clocks {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }
}
