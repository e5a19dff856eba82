package io.tweestap.challenge.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.listen.DatabaseNotifications;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Wakes long-polls the moment a challenge is decided. The decision may be taken on another
 * instance, so the signal is PostgreSQL's NOTIFY from a trigger on the status column, which every
 * instance LISTENs to. A notification sent while this instance's LISTEN connection was down (the
 * database restarted, a network blip) is lost: when the subscriber has reconnected and LISTENs
 * again, every waiting long-poll reads its challenge once more instead of sleeping to its timeout.
 */
@ApplicationScoped
public class ChallengeOutcomes {

    private static final Logger LOG = Logger.getLogger(ChallengeOutcomes.class);
    private static final String CHANNEL = "tweestap_challenge_decided";

    @Inject
    DatabaseNotifications notifications;

    /** Each waiting long-poll's signal: {@code true} decided, {@code false} LISTEN re-established, read again. */
    private final Map<UUID, Set<CompletableFuture<Boolean>>> waiting = new ConcurrentHashMap<>();

    void listen(@Observes StartupEvent startup) {
        notifications.subscribe(CHANNEL, Duration.ofMillis(500), this::decided, this::listening).subscribe().with(
                connected -> LOG.debug("Listening for challenge decisions"),
                failure -> LOG.warnf("Cannot LISTEN for challenge decisions (%s); long-polls fall back to their timeout",
                        failure.getMessage()));
    }

    /**
     * The challenge as {@code read} finds it, once it is no longer {@code pending} or after at most
     * {@code maxWait}. Interest is registered before the first read, so a decision between the read
     * and the wait is not missed; the challenge is read once more only when the wait ends (decided, or
     * the time is up) or LISTEN was re-established. A long-poll on a decided challenge reads it once,
     * one that waits reads it twice.
     */
    public <T> Uni<T> awaitDecision(UUID challengeId, Duration maxWait, Uni<T> read, Predicate<T> pending) {
        return awaitUntil(challengeId, System.nanoTime() + maxWait.toNanos(), read, pending);
    }

    private <T> Uni<T> awaitUntil(UUID challengeId, long deadline, Uni<T> read, Predicate<T> pending) {
        CompletableFuture<Boolean> signal = new CompletableFuture<>();
        // Hibernate Reactive must continue on the request's own (duplicated) context, not on the
        // LISTEN connection's or the timer's thread.
        Context requestContext = io.vertx.core.Vertx.currentContext();
        waiting.computeIfAbsent(challengeId, id -> ConcurrentHashMap.newKeySet()).add(signal);
        return read
                .chain(found -> {
                    long left = deadline - System.nanoTime();
                    if (found == null || !pending.test(found) || left <= 0) {
                        return Uni.createFrom().item(found);
                    }
                    return Uni.createFrom().completionStage(signal).ifNoItem().after(Duration.ofNanos(left)).recoverWithItem(true)
                            .emitOn(task -> requestContext.runOnContext(ignored -> task.run()))
                            .chain(decidedOrTimeUp -> decidedOrTimeUp ? read : awaitUntil(challengeId, deadline, read, pending));
                })
                .eventually(() -> forget(challengeId, signal));
    }

    /** Whether a long-poll on this instance is waiting for the challenge's decision. */
    public boolean awaiting(UUID challengeId) {
        return waiting.containsKey(challengeId);
    }

    /** LISTEN is (again) in place: decisions notified while it was not are found by reading once more. */
    private void listening() {
        waiting.values().forEach(signals -> signals.forEach(signal -> signal.complete(false)));
    }

    private void decided(String payload) {
        try {
            Set<CompletableFuture<Boolean>> signals = waiting.remove(UUID.fromString(payload));
            if (signals != null) {
                signals.forEach(signal -> signal.complete(true));
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a decision notification that is not a challenge id");
        }
    }

    private void forget(UUID challengeId, CompletableFuture<Boolean> signal) {
        waiting.computeIfPresent(challengeId, (id, signals) -> {
            signals.remove(signal);
            return signals.isEmpty() ? null : signals;
        });
    }
}
