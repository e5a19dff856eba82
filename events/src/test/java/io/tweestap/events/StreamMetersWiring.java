package io.tweestap.events;

import io.micrometer.core.instrument.MeterRegistry;

/** For relays wired by hand in tests: the meters on a registry of their own. */
public final class StreamMetersWiring {

    private StreamMetersWiring() {
    }

    public static EventStreamMeters on(MeterRegistry registry) {
        EventStreamMeters meters = new EventStreamMeters();
        meters.registry = registry;
        return meters;
    }
}
