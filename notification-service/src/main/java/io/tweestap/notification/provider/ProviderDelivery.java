package io.tweestap.notification.provider;

import io.smallrye.mutiny.Uni;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.provider.ProviderAnswer.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One push through one provider, with bounded exponential back-off for transient failures. A
 * provider's {@code Retry-After} is honoured: the next attempt never comes sooner; one that asks for
 * longer than {@code max-back-off} ends the attempts, since waiting that long would outlive the
 * provider lease (decision 0012) and retrying sooner would be ignoring the push service.
 */
@ApplicationScoped
public class ProviderDelivery {

    @Inject
    NotificationSettings settings;

    /** Never fails: after the last attempt a transient failure comes back as {@link Unavailable}. */
    public Uni<ProviderAnswer> send(PushProvider provider, ProviderPush push, String address) {
        return attempt(provider, push, address, 0);
    }

    private Uni<ProviderAnswer> attempt(PushProvider provider, ProviderPush push, String address, int previous) {
        NotificationSettings.Retry retry = settings.retry();
        return Uni.createFrom().deferred(() -> provider.send(push, address))
                .onFailure().recoverWithItem(failure -> new Unavailable(failure.getClass().getSimpleName()))
                .chain(answer -> {
                    if (!(answer instanceof Unavailable unavailable) || previous + 1 >= Math.max(1, retry.attempts())) {
                        return Uni.createFrom().item(answer);
                    }
                    Optional<Duration> wait = waitBefore(previous, unavailable.retryAfter(), retry);
                    if (wait.isEmpty()) {
                        return Uni.createFrom().<ProviderAnswer>item(new Unavailable(unavailable.detail() + ", retry after "
                                + unavailable.retryAfter().orElseThrow().toSeconds() + " s", unavailable.retryAfter()));
                    }
                    return Uni.createFrom().voidItem().onItem().delayIt().by(wait.get())
                            .chain(() -> attempt(provider, push, address, previous + 1));
                });
    }

    /**
     * How long to wait after failed attempt number {@code previous} (0-based): the initial back-off
     * doubled per attempt, plus up to 50 % jitter, at most the maximum; at least the provider's
     * {@code Retry-After}. Empty when the provider asks for longer than the maximum.
     */
    static Optional<Duration> waitBefore(int previous, Optional<Duration> retryAfter, NotificationSettings.Retry retry) {
        Duration nominal = retry.initialBackOff().multipliedBy(1L << Math.min(previous, 32));
        long jitterNanos = nominal.toNanos() / 2 <= 0 ? 0 : ThreadLocalRandom.current().nextLong(nominal.toNanos() / 2);
        Duration backOff = nominal.plusNanos(jitterNanos);
        if (backOff.compareTo(retry.maxBackOff()) > 0) {
            backOff = retry.maxBackOff();
        }
        if (retryAfter.isEmpty()) {
            return Optional.of(backOff);
        }
        if (retryAfter.get().compareTo(retry.maxBackOff()) > 0) {
            return Optional.empty();
        }
        return Optional.of(retryAfter.get().compareTo(backOff) > 0 ? retryAfter.get() : backOff);
    }

    /**
     * The longest {@link #send} can take when the provider answers nothing usable: every attempt
     * runs into the longest request timeout (FCM's or Web Push's), and every back-off is at its
     * longest (never above the maximum, which also bounds a Retry-After that is honoured). APNs
     * through Pushy has no per-request timeout; a send that outlives the provider lease is sent
     * again, at worst twice (decision 0012).
     */
    public Duration longestSend() {
        NotificationSettings.Retry retry = settings.retry();
        int attempts = Math.max(1, retry.attempts());
        Duration timeout = settings.fcm().requestTimeout().compareTo(settings.webPush().requestTimeout()) >= 0
                ? settings.fcm().requestTimeout() : settings.webPush().requestTimeout();
        Duration longest = timeout.multipliedBy(attempts);
        for (int previous = 0; previous < attempts - 1; previous++) {
            Duration nominal = retry.initialBackOff().multipliedBy(1L << Math.min(previous, 32));
            Duration withJitter = nominal.plus(nominal.dividedBy(2));
            longest = longest.plus(withJitter.compareTo(retry.maxBackOff()) > 0 ? retry.maxBackOff() : withJitter);
        }
        return longest;
    }
}
