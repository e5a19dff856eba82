package io.tweestap.notification.delivery;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.warmup.WarmUpStep;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.notification.directory.DeviceDirectory;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A push's path once before this instance takes traffic: a challenge queued and closed for a user
 * who has no device (rolled back), and the directory's look-ups of a device's key and channels.
 */
@ApplicationScoped
public class PushPathWarmUp implements WarmUpStep {

    @Inject
    Pushes pushes;

    @Inject
    DeviceDirectory directory;

    @Inject
    Clock clock;

    @Inject
    Pool pool;

    @Override
    public String name() {
        return "push";
    }

    @Override
    public Uni<?> run() {
        Instant now = clock.instant();
        String challengeId = UUID.randomUUID().toString();
        ChallengeCreated created = new ChallengeCreated(TENANT, USER, now, challengeId, "SIGN_IN", "Warm-up",
                "192.0.2.1", "Nowhere", List.of(), now.plusSeconds(60), ChallengeCreated.PUSH);
        String device = UUID.randomUUID().toString();
        return WarmUpStep.undone(pool, connection -> pushes.challengeCreated(connection, created)
                        .chain(() -> pushes.challengeClosed(connection, TENANT, USER, challengeId, "approved", now, null)))
                .chain(() -> directory.activeKey(device))
                .chain(() -> directory.streamingKey(device))
                .chain(() -> directory.providerChannels(device));
    }
}
