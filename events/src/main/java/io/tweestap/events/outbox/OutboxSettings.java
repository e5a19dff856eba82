package io.tweestap.events.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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

    /**
     * How long a drain waits after a wake-up before it reads, so that the rows committed meanwhile
     * leave in one batch and one commit instead of one each (decision 0116). Zero, the default,
     * reads at once: for a service whose events someone is waiting for (a push waits for
     * {@code ChallengeCreated}). A full batch is read again at once either way.
     */
    @WithDefault("0ms")
    Duration linger();
}
