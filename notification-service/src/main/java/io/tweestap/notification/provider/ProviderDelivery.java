package io.tweestap.notification.provider;

import io.smallrye.mutiny.Uni;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.provider.ProviderAnswer.Unavailable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/** One push through one provider, with bounded exponential back-off for transient failures. */
@ApplicationScoped
public class ProviderDelivery {

    @Inject
    NotificationSettings settings;

    /** Never fails: after the last attempt a transient failure comes back as {@link Unavailable}. */
    public Uni<ProviderAnswer> send(PushProvider provider, ProviderPush push, String deviceToken) {
        NotificationSettings.Retry retry = settings.retry();
        return Uni.createFrom().deferred(() -> provider.send(push, deviceToken))
                .onFailure().recoverWithItem(failure -> new Unavailable(failure.getClass().getSimpleName()))
                .onItem().transformToUni(answer -> answer instanceof Unavailable unavailable
                        ? Uni.createFrom().<ProviderAnswer>failure(new StillUnavailable(unavailable))
                        : Uni.createFrom().item(answer))
                .onFailure(StillUnavailable.class).retry()
                .withBackOff(retry.initialBackOff(), retry.maxBackOff()).atMost(Math.max(0, retry.attempts() - 1))
                .onFailure().recoverWithItem(ProviderDelivery::lastAnswer);
    }

    /**
     * The longest {@link #send} can take when the provider answers nothing usable: every attempt
     * runs into FCM's request timeout, and every back-off is at its longest (Mutiny doubles from
     * the initial back-off, adds up to 50 % jitter and never waits longer than the maximum). APNs
     * through Pushy has no per-request timeout; a send that outlives the provider lease is sent
     * again, at worst twice (decision 0012).
     */
    public Duration longestSend() {
        NotificationSettings.Retry retry = settings.retry();
        int attempts = Math.max(1, retry.attempts());
        Duration longest = settings.fcm().requestTimeout().multipliedBy(attempts);
        for (int previous = 0; previous < attempts - 1; previous++) {
            Duration nominal = retry.initialBackOff().multipliedBy(1L << Math.min(previous, 32));
            Duration withJitter = nominal.plus(nominal.dividedBy(2));
            longest = longest.plus(withJitter.compareTo(retry.maxBackOff()) > 0 ? retry.maxBackOff() : withJitter);
        }
        return longest;
    }

    /** Mutiny wraps the last failure once the retries are exhausted. */
    private static ProviderAnswer lastAnswer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StillUnavailable still) {
                return still.answer;
            }
        }
        return new Unavailable(failure.getClass().getSimpleName());
    }

    private static final class StillUnavailable extends RuntimeException {
        final Unavailable answer;

        StillUnavailable(Unavailable answer) {
            super(answer.detail(), null, false, false);
            this.answer = answer;
        }
    }
}
