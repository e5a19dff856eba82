package io.tweestap.notification.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.directory.DeviceDirectory;
import io.tweestap.notification.directory.DeviceDirectory.ProviderChannel;
import io.tweestap.notification.provider.ProviderAnswer;
import io.tweestap.notification.provider.ProviderDelivery;
import io.tweestap.notification.provider.ProviderPush;
import io.tweestap.notification.provider.PushProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Hands push rows to APNs / FCM: one instance (the first to claim the row) sends it to each active
 * provider channel of the device and records each answer. The claim is a lease (decision 0012):
 * when every answer is recorded the row is marked done, and a claim not done when the lease runs
 * out is taken over by the sweep and sent again, at least once in all.
 */
@ApplicationScoped
public class ProviderDispatch {

    private static final Logger LOG = Logger.getLogger(ProviderDispatch.class);

    @Inject
    PushStore store;

    @Inject
    DeviceDirectory directory;

    @Inject
    ProviderDelivery providerDelivery;

    @Inject
    Instance<PushProvider> providers;

    @Inject
    DeliveryOutcomes outcomes;

    @Inject
    ObjectMapper json;

    @Inject
    NotificationSettings settings;

    void checkLease(@Observes StartupEvent startup) {
        Duration longest = providerDelivery.longestSend();
        if (settings.providerLease().compareTo(longest) <= 0) {
            LOG.warnf("tweestap.notification.provider-lease (%s) is not longer than the longest provider send (%s):"
                    + " a slow send may be taken over by the sweep and sent twice", settings.providerLease(), longest);
        }
    }

    /** Claims the row for the providers, once across instances, and sends it. */
    Uni<Void> dispatch(UUID pushId) {
        return store.claimProviders(pushId).chain(push -> push.isPresent() ? send(push.get()) : Uni.createFrom().voidItem());
    }

    /** Sends a claimed row; marks it done once every channel's answer is recorded, a failure leaves it to the lease. */
    Uni<Void> send(QueuedPush push) {
        return directory.providerChannels(push.deviceId()).chain(channels -> {
            if (channels.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            ProviderPush providerPush = new ProviderPush(push.id().toString(), push.kind(), push.reference(),
                    data(push.payload()), push.expiresAt());
            List<Uni<Void>> sends = channels.stream().map(channel -> sendTo(channel, push, providerPush)).toList();
            return Uni.join().all(sends).andCollectFailures().replaceWithVoid();
        }).chain(() -> store.providersDone(push.id()));
    }

    private Uni<Void> sendTo(ProviderChannel channel, QueuedPush push, ProviderPush providerPush) {
        Optional<PushProvider> provider = providers.stream().filter(candidate -> candidate.kind().equals(channel.kind())).findFirst();
        if (provider.isEmpty() || !provider.get().enabled()) {
            return outcomes.failed(push, channel.kind(), "channel-not-configured");
        }
        return providerDelivery.send(provider.get(), providerPush, channel.address()).chain(answer -> {
            if (answer instanceof ProviderAnswer.Accepted) {
                return outcomes.delivered(push, channel.kind());
            }
            if (answer instanceof ProviderAnswer.InvalidToken invalid) {
                LOG.infof("%s reports the token of device %s invalid (%s); channel deactivated",
                        channel.kind(), push.deviceId(), invalid.detail());
                return outcomes.invalidToken(push, channel.kind());
            }
            if (answer instanceof ProviderAnswer.Rejected rejected) {
                LOG.warnf("%s rejected push %s: %s", channel.kind(), push.id(), rejected.detail());
                return outcomes.failed(push, channel.kind(), "rejected: " + rejected.detail());
            }
            ProviderAnswer.Unavailable unavailable = (ProviderAnswer.Unavailable) answer;
            LOG.warnf("%s unavailable for push %s after retries: %s", channel.kind(), push.id(), unavailable.detail());
            return outcomes.failed(push, channel.kind(), "unavailable: " + unavailable.detail());
        });
    }

    /** Providers carry flat string data; the stored frame is the single source of what a device may see. */
    private Map<String, String> data(String payload) {
        try {
            Map<String, Object> fields = json.readValue(payload, new TypeReference<Map<String, Object>>() { });
            Map<String, String> data = new LinkedHashMap<>();
            fields.forEach((key, value) -> {
                if (value != null) {
                    data.put(key, value.toString());
                }
            });
            return data;
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable push payload", e);
        }
    }
}
