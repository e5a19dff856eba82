package io.tweestap.e2e.scaleout;

import io.tweestap.authenticator.AnswerResult;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.ServiceProblem;
import io.tweestap.authenticator.SignInRequest;
import io.tweestap.e2e.journey.PlatformCalls;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Sign-ins at a fixed arrival rate (open loop) or by a fixed number of people at a time, each
 * starting the next as soon as the last is decided (closed loop), each by a person who has no
 * sign-in pending, as a platform's sign-in page drives them: create the challenge, the phone gets the push and approves
 * with the number on the screen, the page long-polls until the decision. Instances may die at any
 * moment, so every call is retried the way a platform and a phone would retry it, and what happened
 * is recorded rather than asserted here.
 */
public final class SignInLoad implements AutoCloseable {

    /**
     * One sign-in. {@code adopted}: its create answer was lost with an instance, and the platform
     * learnt its id from the 409 {@code challenge-pending} of the next try. {@code deviceApproved}:
     * the phone's answer came back APPROVED. Times are {@code System.nanoTime()}: the create call sent,
     * the push frame on the phone's stream (0 without one), the long-poll's decision received.
     */
    public record Outcome(String challengeId, String userId, long createdNanos, long pushedNanos, long decidedNanos,
            boolean adopted, boolean pushed, boolean deviceApproved, String status) {

        public boolean approved() {
            return deviceApproved && "APPROVED".equals(status);
        }
    }

    private static final Duration PUSH_PATIENCE = Duration.ofSeconds(12);

    private final PlatformCalls platform;
    private final BlockingQueue<LoadPhone> idle;
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger nobodyFree = new AtomicInteger();
    /** Arrival times (nanoTime) of sign-ins waiting for a person to be free, when arrivals queue. */
    private final ConcurrentLinkedQueue<Long> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong longestWaitNanos = new AtomicLong();
    private volatile boolean queueWhenBusy;
    private final ExecutorService signIns;
    private final ScheduledExecutorService arrivals = Executors.newSingleThreadScheduledExecutor();

    public SignInLoad(PlatformCalls platform, List<LoadPhone> phones) {
        this.platform = platform;
        this.idle = new LinkedBlockingQueue<>(phones);
        this.signIns = Executors.newFixedThreadPool(phones.size());
    }

    /**
     * From now on a sign-in that arrives while every person is busy waits for the next one free, as
     * people at a sign-in page wait for a slow service, instead of being dropped: every arrival is
     * then signed in, and a stretch the platform could not serve (a fault) is caught up afterwards.
     * {@link #queued()} and {@link #longestWait()} say how many waited and for how long.
     */
    public SignInLoad queueingArrivals() {
        queueWhenBusy = true;
        return this;
    }

    /** Sign-ins arrive at {@code perSecond} until {@code goOn} says stop; returns how long they arrived. */
    public Duration run(double perSecond, BooleanSupplier goOn) throws InterruptedException {
        long periodMicros = Math.round(1_000_000 / perSecond);
        long start = System.nanoTime();
        CountDownLatch over = new CountDownLatch(1);
        arrivals.scheduleAtFixedRate(() -> {
            if (!goOn.getAsBoolean()) {
                over.countDown();
                return;
            }
            long arrived = System.nanoTime();
            LoadPhone phone = idle.poll();
            if (phone != null) {
                signIns.execute(() -> serve(phone));
            } else if (!queueWhenBusy) {
                nobodyFree.incrementAndGet();
            } else {
                queued.incrementAndGet();
                waiting.add(arrived);
                // A person may have come free between the poll above and the add: they take this arrival.
                LoadPhone freed = idle.poll();
                if (freed != null) {
                    Long late = waiting.poll();
                    if (late != null) {
                        waited(late);
                        signIns.execute(() -> serve(freed));
                    } else {
                        idle.add(freed);
                    }
                }
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
        over.await();
        arrivals.shutdown();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One person signs in, then takes the sign-ins that queued meanwhile, then is free again. */
    private void serve(LoadPhone phone) {
        while (true) {
            try {
                signIn(phone);
            } catch (InterruptedException e) {
                failures.add(phone.account().userId() + ": " + e);
                Thread.currentThread().interrupt();
                idle.add(phone);
                return;
            } catch (RuntimeException e) {
                failures.add(phone.account().userId() + ": " + e);
            }
            Long next = waiting.poll();
            if (next == null) {
                idle.add(phone);
                // An arrival may have queued between the poll above and the add: take it if still free.
                if (waiting.isEmpty() || !idle.remove(phone)) {
                    return;
                }
                next = waiting.poll();
                if (next == null) {
                    idle.add(phone);
                    return;
                }
            }
            waited(next);
        }
    }

    private void waited(long arrivedNanos) {
        longestWaitNanos.accumulateAndGet(System.nanoTime() - arrivedNanos, Math::max);
    }

    /**
     * {@code concurrency} people sign in, each starting the next sign-in the moment the last one is
     * decided, until {@code length} is over; returns how long until the last of them was decided.
     */
    public Duration runClosedLoop(int concurrency, Duration length) throws InterruptedException {
        if (concurrency > idle.size()) {
            throw new IllegalArgumentException(concurrency + " at a time needs as many people; there are " + idle.size());
        }
        long start = System.nanoTime();
        long end = start + length.toNanos();
        CountDownLatch over = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            signIns.execute(() -> {
                LoadPhone phone = idle.poll();
                try {
                    while (System.nanoTime() < end) {
                        signIn(phone);
                    }
                } catch (RuntimeException | InterruptedException e) {
                    failures.add(phone.account().userId() + ": " + e);
                } finally {
                    idle.add(phone);
                    over.countDown();
                }
            });
        }
        over.await();
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Waits until every started sign-in has its decision. */
    public void awaitQuiet(Duration patience) throws InterruptedException {
        arrivals.shutdownNow();
        signIns.shutdown();
        if (!signIns.awaitTermination(patience.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("sign-ins still running after " + patience.toSeconds() + " s");
        }
    }

    public List<Outcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** Arrivals that found every person busy with a sign-in (the generator was too small). */
    public int nobodyFree() {
        return nobodyFree.get();
    }

    /** Arrivals that waited for a free person ({@link #queueingArrivals()}). */
    public int queued() {
        return queued.get();
    }

    /** The longest an arrival waited for a free person. */
    public Duration longestWait() {
        return Duration.ofNanos(longestWaitNanos.get());
    }

    private void signIn(LoadPhone phone) throws InterruptedException {
        String userId = phone.account().userId();
        long created = System.nanoTime();
        Optional<PlatformCalls.Answer> answer = PlatformRetry.call("create a push sign-in", () ->
                platform.signIn(userId, "Payroll portal", "203.0.113.7", "Utrecht, NL"));
        if (answer.isEmpty()) {
            failures.add(userId + ": create not answered");
            return;
        }
        PlatformCalls.Answer create = answer.get();
        boolean adopted = false;
        String challengeId;
        String number = null;
        if (create.status() == 201) {
            challengeId = create.text("challengeId");
            number = create.text("numberToShow");
        } else if (create.status() == 409 && create.text("pendingChallengeId") != null) {
            // Our earlier create committed but its answer died with the instance: the platform only learns it now.
            challengeId = create.text("pendingChallengeId");
            adopted = true;
        } else {
            failures.add(userId + ": create answered " + create.status() + " " + create.body());
            return;
        }
        boolean deviceApproved = false;
        PushFrame push = phone.awaitPush(challengeId, PUSH_PATIENCE);
        if (push != null && number != null) {
            deviceApproved = approve(phone, push, number);
        }
        PlatformCalls.Answer decided = awaitDecided(challengeId);
        outcomes.add(new Outcome(challengeId, userId, created, push == null ? 0 : phone.receivedNanos(challengeId),
                System.nanoTime(), adopted, push != null, deviceApproved,
                decided == null ? "UNKNOWN" : decided.text("status")));
    }

    /** Answers from the push alone, as a phone does: the frame carries the server nonce the answer signs. */
    private boolean approve(LoadPhone phone, PushFrame push, String number) {
        SignInRequest request = push.request().orElseThrow(() -> new IllegalStateException(
                "challenge " + push.challengeId() + " was pushed without its server nonce"));
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                AnswerResult result = phone.authenticator().approve(phone.account(), request, number);
                return "APPROVED".equals(result.status());
            } catch (ServiceProblem refused) {
                if (refused.status() < 500) {
                    return false; // decided meanwhile (an earlier answer of ours that lost its reply, or expiry)
                }
                PlatformRetry.pause(100L << attempt);
            } catch (RuntimeException instanceGone) {
                PlatformRetry.pause(100L << attempt);
            }
        }
        return false;
    }

    private PlatformCalls.Answer awaitDecided(String challengeId) {
        for (int round = 0; round < 20; round++) {
            Optional<PlatformCalls.Answer> answer = PlatformRetry.longPoll(() -> platform.awaitDecision(challengeId, 30));
            if (answer.isPresent() && answer.get().status() == 200 && !"PENDING".equals(answer.get().text("status"))) {
                return answer.get();
            }
        }
        return null;
    }

    @Override
    public void close() {
        arrivals.shutdownNow();
        signIns.shutdownNow();
    }
}
