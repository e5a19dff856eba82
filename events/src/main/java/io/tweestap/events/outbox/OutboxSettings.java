package io.tweestap.events.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "tweestap.outbox")
public interface OutboxSettings {

    /** Rows published per broker round trip; stays under the emitter's buffer. */
    @WithDefault("100")
    int batchSize();

    /**
     * Polling fallback for when a NOTIFY was missed, and how often a stand-by relay tries for the lead:
     * a takeover after the leader died takes at most this long (decision 0076).
     */
    @WithDefault("1s")
    String pollInterval();
}
