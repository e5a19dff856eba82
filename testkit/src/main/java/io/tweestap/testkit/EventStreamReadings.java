package io.tweestap.testkit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Arc;

/** What the service under test's event-stream meters read now (see {@code EventStreamMeters}). */
public final class EventStreamReadings {

    private EventStreamReadings() {
    }

    /** Events of this CloudEvents type the broker acknowledged for this service. */
    public static double published(String ceType) {
        Counter counter = registry().find("tweestap.events.published").tag("type", ceType).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Records of this type the consumer handled with this outcome ({@code applied}, {@code duplicate}, ...). */
    public static double consumed(String consumer, String ceType, String outcome) {
        Counter counter = registry().find("tweestap.events.consumed")
                .tags("consumer", consumer, "type", ceType, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Tries to apply a record that failed transiently (database or broker away) and were made again. */
    public static double inboxRetries(String consumer) {
        Counter counter = registry().find("tweestap.inbox.retries").tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Outbox rows waiting for the broker, as last measured. */
    public static double outboxBacklog() {
        Gauge gauge = registry().find("tweestap.outbox.backlog").gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private static MeterRegistry registry() {
        return Arc.container().instance(MeterRegistry.class).get();
    }
}
