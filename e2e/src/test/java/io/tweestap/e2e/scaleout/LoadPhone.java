package io.tweestap.e2e.scaleout;

import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.LinkedAccount;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.PushStream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One person's phone under load: it keeps the device's push stream open as a real app does,
 * opening it again (through the balancer, so most likely on another instance) whenever an instance
 * dies under it, and it remembers every challenge frame it was handed, on which connection and
 * when that connection ended, so a test can tell a push delivered again after an acknowledgement
 * the service kept from one whose acknowledgement died with its instance.
 */
public final class LoadPhone implements AutoCloseable {

    /** A challenge frame as the phone received it; {@code connection} counts the stream's openings. */
    record Receipt(String challengeId, String pushId, int connection, long receivedNanos) {
    }

    private final Authenticator authenticator;
    private final LinkedAccount account;
    private final BlockingQueue<PushFrame> challenges = new LinkedBlockingQueue<>();
    private final List<Receipt> receipts = new ArrayList<>();
    private final List<Long> connectionEnded = new ArrayList<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final Thread keeper;
    private volatile boolean running = true;
    private volatile PushStream stream;

    public LoadPhone(Authenticator authenticator, LinkedAccount account) {
        this.authenticator = authenticator;
        this.account = account;
        this.keeper = new Thread(this::keepOpen, "phone-" + account.userId());
        keeper.setDaemon(true);
        keeper.start();
    }

    LinkedAccount account() {
        return account;
    }

    Authenticator authenticator() {
        return authenticator;
    }

    /** The next challenge frame for {@code challengeId}, or null after {@code patience}. */
    PushFrame awaitPush(String challengeId, Duration patience) throws InterruptedException {
        return awaitPush(frame -> challengeId.equals(frame.challengeId()), patience);
    }

    /** The next challenge frame that {@code wanted}, or null after {@code patience}; frames passed over are dropped. */
    PushFrame awaitPush(Predicate<PushFrame> wanted, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            PushFrame frame = challenges.poll(left, TimeUnit.NANOSECONDS);
            if (frame != null && wanted.test(frame)) {
                return frame;
            }
        }
        return null;
    }

    /** When the newest frame for {@code challengeId} arrived (nanoTime), or 0 if none did. */
    synchronized long receivedNanos(String challengeId) {
        for (int i = receipts.size() - 1; i >= 0; i--) {
            if (receipts.get(i).challengeId().equals(challengeId)) {
                return receipts.get(i).receivedNanos();
            }
        }
        return 0;
    }

    int reconnects() {
        return reconnects.get();
    }

    synchronized List<Receipt> receipts() {
        return List.copyOf(receipts);
    }

    /** When connection {@code n} ended (nanoTime), or Long.MAX_VALUE while it is open. */
    synchronized long connectionEnded(int n) {
        return n < connectionEnded.size() ? connectionEnded.get(n) : Long.MAX_VALUE;
    }

    private void keepOpen() {
        int connection = 0;
        while (running) {
            int current = connection;
            try {
                stream = authenticator.listen(account, frame -> received(frame, current));
                stream.awaitClosed();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException unreachable) {
                // The balancer had no live instance for a moment; a phone tries again.
            }
            synchronized (this) {
                connectionEnded.add(System.nanoTime());
            }
            connection++;
            if (running) {
                reconnects.incrementAndGet();
                pause();
            }
        }
    }

    private void received(PushFrame frame, int connection) {
        if (!frame.isChallenge()) {
            return;
        }
        synchronized (this) {
            receipts.add(new Receipt(frame.challengeId(), frame.pushId(), connection, System.nanoTime()));
        }
        challenges.add(frame);
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        PushStream open = stream;
        if (open != null) {
            open.close();
        }
        keeper.interrupt();
    }
}
