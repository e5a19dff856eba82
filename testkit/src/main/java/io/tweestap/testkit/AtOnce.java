package io.tweestap.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs calls on threads of their own, released together so that the requests overlap. */
public final class AtOnce {

    /** What the test does while the calls are on their way, such as releasing a lock they wait for. */
    public interface Meanwhile {
        void run() throws Exception;
    }

    private AtOnce() {
    }

    public static <T> List<T> run(List<Callable<T>> calls) throws Exception {
        return run(calls, () -> {
        });
    }

    /** {@code times} copies of one call. */
    public static <T> List<T> run(int times, Callable<T> call, Meanwhile meanwhile) throws Exception {
        return run(Collections.nCopies(times, call), meanwhile);
    }

    /** The answers in the order of the calls; {@code meanwhile} runs on this thread once all are released. */
    public static <T> List<T> run(List<Callable<T>> calls, Meanwhile meanwhile) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch ready = new CountDownLatch(calls.size());
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await();
            go.countDown();
            meanwhile.run();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get());
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
