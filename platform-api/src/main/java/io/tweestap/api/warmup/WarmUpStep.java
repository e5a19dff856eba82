package io.tweestap.api.warmup;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * One piece of a service's hot path that {@link WarmUp} runs once before the instance reports
 * ready: the queries, serialisers and clients a sign-in needs, so that the first real request does
 * not pay for loading and translating them. A step must leave nothing behind and call nothing
 * outside the service: it reads, or writes inside {@link #undone}.
 */
public interface WarmUpStep {

    /** The tenant the warm-up acts for: no real tenant's rows, locks or limits are touched. */
    String TENANT = "tweestap-warm-up";

    /** Its one user. */
    String USER = "warm-up";

    /** Names the step in the readiness answer and in the log. */
    String name();

    /**
     * What blocks or burns CPU on a cold JVM (parsing, key generation, drawing): runs on the warm-up's
     * worker thread before {@link #run}, never on an event loop.
     */
    default void prepare() {
    }

    /** Runs on a fresh Vert.x context, as a request would; Hibernate Reactive may be used. Must not block. */
    Uni<?> run();

    /**
     * The real write path in a transaction that is rolled back: the rows, the outbox event and its
     * JSON are all built and sent to PostgreSQL, and none of it is kept or published.
     */
    static <T> Uni<T> undone(Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> Panache.currentTransaction()
                .invoke(Mutiny.Transaction::markForRollback)
                .chain(ignored -> work.get()));
    }

    /** {@link #undone(Supplier)} for a path on the plain reactive client: {@code work} gets the transaction's connection. */
    static <T> Uni<T> undone(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return pool.withConnection(connection -> connection.begin().chain(transaction -> work.apply(connection)
                .eventually(() -> transaction.rollback().onFailure().recoverWithNull())));
    }

    /**
     * For the calls a warm-up makes to be refused (not found, no device): the refusal is the path it
     * warms. Only a refusal counts as done: a {@link ProblemException}, or one of the service's own
     * refusal types named in {@code refusals}. Anything else (a renamed query, a database away) fails
     * the step, so that it shows in the readiness answer's failed steps instead of passing unnoticed.
     */
    @SafeVarargs
    static <T> Uni<T> refusedOrNot(Uni<T> call, Class<? extends Throwable>... refusals) {
        return call.onFailure(failure -> isRefusal(failure, refusals)).recoverWithNull();
    }

    private static boolean isRefusal(Throwable failure, Class<? extends Throwable>[] refusals) {
        return failure instanceof ProblemException
                || Arrays.stream(refusals).anyMatch(refusal -> refusal.isInstance(failure));
    }
}
