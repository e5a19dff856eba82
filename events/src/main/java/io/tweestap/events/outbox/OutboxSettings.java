package io.tweestap.events.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tweestap.outbox")
public interface OutboxSettings {

    /** Rows published per broker round trip; stays under the emitter's buffer. */
    @WithDefault("100")
    int batchSize();

    /** Polling fallback for when a NOTIFY was missed (e.g. while the listener reconnected). */
    @WithDefault("2s")
    String pollInterval();
}
