package io.tweestap.events.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code tweestap.inbox.*}: how long the inbox remembers an event id (decision 0064). */
@ConfigMapping(prefix = "tweestap.inbox")
public interface InboxSettings {

    /**
     * How long an event id is kept to recognise a redelivery. Must exceed the longest time a record
     * can come again: a consumer group whose offsets expired starts from the earliest record still on
     * the topic, and Kafka deletes whole segments only, so a record stays up to {@code retention.ms}
     * plus {@code segment.ms} (7 + 7 days by default), longer on a quiet topic whose segment has not
     * rolled. An id forgotten before its record leaves the topic would be applied a second time.
     */
    @WithDefault("P30D")
    Duration retention();

    /** How often each instance purges. */
    @WithDefault("1h")
    String retentionEvery();

    /** Rows deleted per statement, so a first purge of a large table never holds long locks. */
    @WithDefault("1000")
    int retentionBatchSize();
}
