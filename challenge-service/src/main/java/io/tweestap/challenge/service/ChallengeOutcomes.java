package io.tweestap.challenge.service;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wakes long-polls the moment a challenge is decided. The decision may be taken on another
 * instance, so the signal is PostgreSQL's NOTIFY from a trigger on the status column, which every
 * instance LISTENs to.
 */
@ApplicationScoped
public class ChallengeOutcomes {

    private static final Logger LOG = Logger.getLogger(ChallengeOutcomes.class);
    private static final String CHANNEL = "tweestap_challenge_decided";

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    String databaseUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> databaseUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> databasePassword;

    private final Map<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();
    private PgSubscriber subscriber;

    void listen(@Observes StartupEvent startup) {
        PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl);
        databaseUser.ifPresent(options::setUser);
        databasePassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options);
        subscriber.reconnectPolicy(attempt -> 500L);
        subscriber.channel(CHANNEL).handler(this::decided);
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("Listening for challenge decisions"),
                failure -> LOG.warnf("Cannot LISTEN for challenge decisions (%s); long-polls fall back to their timeout",
                        failure.getMessage()));
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }

    /**
     * Registers interest before the caller re-reads the challenge, so a decision between the read
     * and the wait is not missed. Completes when decided or after {@code maxWait}.
     */
    public Uni<Void> awaitDecision(UUID challengeId, Duration maxWait, Uni<Boolean> stillPending) {
        CompletableFuture<Void> signal = new CompletableFuture<>();
        // Hibernate Reactive must continue on the request's own (duplicated) context, not on the
        // LISTEN connection's or the timer's thread.
        Context requestContext = io.vertx.core.Vertx.currentContext();
        waiting.computeIfAbsent(challengeId, id -> ConcurrentHashMap.newKeySet()).add(signal);
        return stillPending
                .chain(pending -> pending
                        ? Uni.createFrom().completionStage(signal).ifNoItem().after(maxWait).recoverWithItem((Void) null)
                                .emitOn(task -> requestContext.runOnContext(ignored -> task.run()))
                        : Uni.createFrom().voidItem())
                .eventually(() -> forget(challengeId, signal));
    }

    private void decided(String payload) {
        try {
            Set<CompletableFuture<Void>> signals = waiting.remove(UUID.fromString(payload));
            if (signals != null) {
                signals.forEach(signal -> signal.complete(null));
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("Ignoring a decision notification that is not a challenge id");
        }
    }

    private void forget(UUID challengeId, CompletableFuture<Void> signal) {
        waiting.computeIfPresent(challengeId, (id, signals) -> {
            signals.remove(signal);
            return signals.isEmpty() ? null : signals;
        });
    }
}
