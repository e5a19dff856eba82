package io.tweestap.challenge.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tweestap.events.listen.DatabaseNotifications;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Wakes long-polls the moment a challenge is decided. The decision may be taken on another
 * instance, so the signal is PostgreSQL's NOTIFY from a trigger on the status column, which every
 * instance LISTENs to; it carries the decided row (decision 0108), so the long-poll answers from it
 * without reading the challenge again. A notification sent while this instance's LISTEN connection
 * was down (the database restarted, a network blip) is lost: when the subscriber has reconnected and
 * LISTENs again, every waiting long-poll reads its challenge once more instead of sleeping to its timeout.
 */
@ApplicationScoped
public class ChallengeOutcomes {

    private static final Logger LOG = Logger.getLogger(ChallengeOutcomes.class);
    /** The notice with the row (migration V14); the bare id still goes out on tweestap_challenge_decided for older instances. */
    private static final String CHANNEL = "tweestap_challenge_outcome";

    /** Why a waiting long-poll wakes: decided (with the notice, or without one when its time is up), or LISTEN back in place. */
    private record Wake(boolean decided, DecisionNotice notice) {
        static final Wake TIME_UP = new Wake(true, null);
        static final Wake LISTENING_AGAIN = new Wake(false, null);
    }

    @Inject
    DatabaseNotifications notifications;

    @Inject
    ObjectMapper json;

    private final Map<UUID, Set<CompletableFuture<Wake>>> waiting = new ConcurrentHashMap<>();

    void listen(@Observes StartupEvent startup) {
        notifications.subscribe(CHANNEL, Duration.ofMillis(500), this::decided, this::listening).subscribe().with(
                connected -> LOG.debug("Listening for challenge decisions"),
                failure -> LOG.warnf("Cannot LISTEN for challenge decisions (%s); long-polls fall back to their timeout",
                        failure.getMessage()));
    }

    /**
     * The challenge as {@code read} finds it, once it is no longer {@code pending} or after at most
     * {@code maxWait}. Interest is registered before the first read, so a decision between the read
     * and the wait is not missed. When the decision's notice comes, {@code fromNotice} turns it into
     * the answer (empty when it cannot: the notice carries only the id, or is not the caller's), and
     * only then is the challenge read again; it is also read again when the time is up or LISTEN was
     * re-established. A long-poll woken by its decision reads the challenge once.
     */
    public <T> Uni<T> awaitDecision(UUID challengeId, Duration maxWait, Uni<T> read, Predicate<T> pending,
            Function<DecisionNotice, Optional<T>> fromNotice) {
        return awaitUntil(challengeId, System.nanoTime() + maxWait.toNanos(), read, pending, fromNotice);
    }

    private <T> Uni<T> awaitUntil(UUID challengeId, long deadline, Uni<T> read, Predicate<T> pending,
            Function<DecisionNotice, Optional<T>> fromNotice) {
        CompletableFuture<Wake> signal = new CompletableFuture<>();
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
                    return Uni.createFrom().completionStage(signal).ifNoItem().after(Duration.ofNanos(left)).recoverWithItem(Wake.TIME_UP)
                            .emitOn(task -> requestContext.runOnContext(ignored -> task.run()))
                            .chain(wake -> {
                                if (!wake.decided()) {
                                    return awaitUntil(challengeId, deadline, read, pending, fromNotice);
                                }
                                Optional<T> answered = wake.notice() == null ? Optional.empty() : fromNotice.apply(wake.notice());
                                return answered.isPresent() ? Uni.createFrom().item(answered.get()) : read;
                            });
                })
                .eventually(() -> forget(challengeId, signal));
    }

    /** Whether a long-poll on this instance is waiting for the challenge's decision. */
    public boolean awaiting(UUID challengeId) {
        return waiting.containsKey(challengeId);
    }

    /** LISTEN is (again) in place: decisions notified while it was not are found by reading once more. */
    private void listening() {
        waiting.values().forEach(signals -> signals.forEach(signal -> signal.complete(Wake.LISTENING_AGAIN)));
    }

    private void decided(String payload) {
        Optional<DecisionNotice> notice = DecisionNotice.parse(json, payload);
        if (notice.isEmpty()) {
            LOG.warnf("Ignoring a decision notification that is not a challenge's notice");
            return;
        }
        Set<CompletableFuture<Wake>> signals = waiting.remove(notice.get().id());
        if (signals != null) {
            Wake wake = new Wake(true, notice.get());
            signals.forEach(signal -> signal.complete(wake));
        }
    }

    private void forget(UUID challengeId, CompletableFuture<Wake> signal) {
        waiting.computeIfPresent(challengeId, (id, signals) -> {
            signals.remove(signal);
            return signals.isEmpty() ? null : signals;
        });
    }
}
