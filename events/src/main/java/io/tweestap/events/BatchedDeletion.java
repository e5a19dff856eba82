package io.tweestap.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How every service forgets old rows: a batch at a time, each batch its own short transaction whose
 * delete locks its rows with {@code FOR UPDATE SKIP LOCKED}, until a batch comes back short. Every
 * instance may run its purges at once: they take different rows and hold their locks only for one
 * batch. A run stops after {@code maxBatches} (rows cannot keep coming faster than they are deleted,
 * but a run must not hold its scheduler thread for ever if they did); the next run goes on.
 */
public final class BatchedDeletion {

    /** For purges with no reason to stop early. */
    public static final int NO_LIMIT = Integer.MAX_VALUE;

    private BatchedDeletion() {
    }

    /**
     * Runs {@code oneBatch} (which deletes at most {@code batchSize} rows and answers how many) until it
     * deletes fewer, or {@code maxBatches} times; answers how many rows went in all.
     */
    public static Uni<Long> repeat(int batchSize, int maxBatches, Supplier<Uni<Integer>> oneBatch) {
        if (batchSize < 1 || maxBatches < 1) {
            throw new IllegalArgumentException("batch size and batches must be at least 1");
        }
        return Multi.createBy().repeating().<Integer>uni(oneBatch::get)
                .whilst(deleted -> deleted >= batchSize)
                .select().first(maxBatches)
                .collect().with(java.util.stream.Collectors.summingLong(Integer::longValue));
    }

    /**
     * {@link #repeat} of one native SQL delete through Hibernate Reactive, each batch in its own
     * transaction. The statement names its batch size {@code :batch}; {@code parameters} give the rest.
     * Call it on a context where Hibernate Reactive may open a session (a scheduled method runs it
     * through {@link OwnContext}).
     */
    public static Uni<Long> ofNativeDelete(String delete, Map<String, Object> parameters, int batchSize, int maxBatches) {
        return repeat(batchSize, maxBatches, () -> Panache.withTransaction(() -> Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(delete).setParameter("batch", batchSize);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        })));
    }
}
