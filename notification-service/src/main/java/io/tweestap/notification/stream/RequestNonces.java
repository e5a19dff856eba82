package io.tweestap.notification.stream;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.tweestap.devicekeys.SignedRequestVerifier.Claim;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Nonces of signed device requests already used. A nonce is kept as long as its timestamp could
 * still pass the freshness check; after that the timestamp alone refuses a replay.
 */
@ApplicationScoped
public class RequestNonces {

    private static final int BATCH = 1000;

    /**
     * How long past its window a nonce is still kept. The window is checked by the clock of the
     * instance that took the request, the purge by the database's: were a nonce deleted the moment the
     * database thinks it stale, an instance whose clock runs behind would still take its timestamp as
     * fresh and accept the replay. Five minutes covers any offset the platform tolerates.
     */
    static final Duration PURGE_MARGIN = Duration.ofMinutes(5);

    @Inject
    Pool pool;

    /** @return true the first time this device uses this nonce, false for a replay; kept until {@link Claim#nonceKeptUntil} */
    public Uni<Boolean> firstUse(Claim claim) {
        return pool.preparedQuery("INSERT INTO device_request_nonce (device_id, nonce, expires_at) VALUES ($1, $2, $3)"
                        + " ON CONFLICT DO NOTHING")
                .execute(Tuple.of(claim.deviceId(), claim.nonce(), OffsetDateTime.ofInstant(claim.nonceKeptUntil(), ZoneOffset.UTC)))
                .map(result -> result.rowCount() == 1);
    }

    /**
     * Nonces past their freshness window by more than {@link #PURGE_MARGIN}, deleted in batches (rows locked with SKIP LOCKED, so every
     * instance may run it at once); decision 0015.
     */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    public Uni<Void> forgetExpired() {
        return pool.preparedQuery("DELETE FROM device_request_nonce WHERE (device_id, nonce) IN ("
                        + " SELECT device_id, nonce FROM device_request_nonce WHERE expires_at < now() - $2 * interval '1 second'"
                        + " LIMIT $1 FOR UPDATE SKIP LOCKED)")
                .execute(Tuple.of(BATCH, PURGE_MARGIN.toSeconds()))
                .chain(result -> result.rowCount() < BATCH ? Uni.createFrom().voidItem() : forgetExpired());
    }
}
