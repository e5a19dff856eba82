package io.tweestap.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;

/**
 * The event stream as operations graph it, the same in every service: what each service published
 * and how long events waited in its outbox, and what each consumer did with what it read. Counting
 * at the broker's ack rather than in business code means a rolled-back change is never counted and
 * every count matches a record on the topic. Tags are bounded sets (catalogue types, consumer
 * names, four outcomes), never a user, tenant or id.
 */
@ApplicationScoped
public class EventStreamMeters {

    /** What the inbox did with a record. */
    public enum Outcome {
        /** The handler's effects committed. */
        APPLIED,
        /** The event id was already in the inbox: a redelivery, skipped. */
        DUPLICATE,
        /** Parked on the dead-letter topic (never applicable, or an unexpected failure's tries ran out). */
        DEAD_LETTERED,
        /** A type this build does not know; acknowledged, because producers add types additively. */
        UNKNOWN_TYPE,
        /** An event the consumer has no use for (another purpose, another kind); acknowledged without an inbox row. */
        NOT_OF_INTEREST;

        String tag() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    @Inject
    MeterRegistry registry;

    private Timer outboxDelay;

    /** At start, so a service that has published nothing yet shows an empty histogram, not none. */
    void register(@Observes StartupEvent startup) {
        outboxDelay();
    }

    private Timer outboxDelay() {
        if (outboxDelay == null) {
            outboxDelay = Timer.builder("tweestap.outbox.delay")
                    .description("From the outbox row's commit to the broker's ack")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofMinutes(5))
                    .register(registry);
        }
        return outboxDelay;
    }

    /** One event acknowledged by the broker; {@code storedAt} is when its outbox row was written. */
    public void published(String ceType, Instant storedAt, Instant ackedAt) {
        Counter.builder("tweestap.events.published")
                .description("Events the broker acknowledged, by CloudEvents type")
                .tag("type", ceType)
                .register(registry)
                .increment();
        Duration delay = Duration.between(storedAt, ackedAt);
        outboxDelay().record(delay.isNegative() ? Duration.ZERO : delay);
    }

    public void consumed(String consumer, String ceType, Outcome outcome) {
        Counter.builder("tweestap.events.consumed")
                .description("Records each inbox consumer read, by CloudEvents type and what it did with them")
                .tag("consumer", consumer)
                .tag("type", ceType == null ? "unreadable" : ceType)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    /**
     * A try that failed transiently (database or broker away) and will be made again: while this
     * rises and nothing is applied, the consumer is holding its partition until the outage ends.
     */
    public void retried(String consumer) {
        Counter.builder("tweestap.inbox.retries")
                .description("Tries to apply a record that failed transiently and are made again")
                .tag("consumer", consumer)
                .register(registry)
                .increment();
    }
}
