package io.tweestap.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The loop every purge shares: how many batches it runs, what it adds up, where it stops. */
class BatchedDeletionTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void runsUntilABatchComesBackShortAndAddsUpWhatWent() {
        Batches batches = new Batches(100, 100, 37, 100);
        assertThat(BatchedDeletion.repeat(100, BatchedDeletion.NO_LIMIT, batches::next).await().atMost(WAIT)).isEqualTo(237L);
        assertThat(batches.ran.get()).isEqualTo(3);
    }

    @Test
    void anEmptyTableTakesOneBatch() {
        Batches batches = new Batches(0);
        assertThat(BatchedDeletion.repeat(50, BatchedDeletion.NO_LIMIT, batches::next).await().atMost(WAIT)).isZero();
        assertThat(batches.ran.get()).isEqualTo(1);
    }

    @Test
    void stopsAfterTheMostBatchesOfARunEvenWhenEveryBatchIsFull() {
        Batches batches = new Batches(10, 10, 10, 10, 10);
        assertThat(BatchedDeletion.repeat(10, 3, batches::next).await().atMost(WAIT)).isEqualTo(30L);
        assertThat(batches.ran.get()).isEqualTo(3);
    }

    @Test
    void aFailedBatchFailsTheRunAndRunsNoMore() {
        AtomicInteger ran = new AtomicInteger();
        Uni<Long> run = BatchedDeletion.repeat(10, BatchedDeletion.NO_LIMIT, () -> ran.incrementAndGet() == 1
                ? Uni.createFrom().item(10) : Uni.createFrom().failure(new IllegalStateException("database away")));
        assertThatThrownBy(() -> run.await().atMost(WAIT)).hasMessageContaining("database away");
        assertThat(ran.get()).isEqualTo(2);
    }

    @Test
    void refusesABatchSizeOrLimitBelowOne() {
        assertThatThrownBy(() -> BatchedDeletion.repeat(0, 1, () -> Uni.createFrom().item(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BatchedDeletion.repeat(1, 0, () -> Uni.createFrom().item(0)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A table that gives up these many rows, batch after batch. */
    private static final class Batches {
        final Deque<Integer> sizes;
        final AtomicInteger ran = new AtomicInteger();

        Batches(Integer... sizes) {
            this.sizes = new ArrayDeque<>(List.of(sizes));
        }

        Uni<Integer> next() {
            ran.incrementAndGet();
            return Uni.createFrom().item(sizes.isEmpty() ? 0 : sizes.poll());
        }
    }
}
