package io.tweestap.notification.provider;

import com.interaso.webpush.VapidKeys;
import com.interaso.webpush.WebPush;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import io.tweestap.notification.config.NotificationSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The VAPID key pair (RFC 8292) this deployment signs Web Push requests with, and the subject the
 * push services may contact. Outside dev and test the service refuses to start without a usable
 * pair of its own: browsers tie every subscription to the public key, so a key that changes or
 * leaks breaks or exposes every subscription (decision 0075).
 */
@ApplicationScoped
public class WebPushKeys {

    /** The private keys of application.properties' dev and test profiles: public, so never a deployment's. */
    static final Set<String> KNOWN_PRIVATE_KEYS = Set.of(
            "ykyaaXOuGKfBrBFyz0kfNz-tRChcNPrqcBs0QHfSHZg",
            "DQwLw_sa3uPHdCDb_xMFb_6nTj6MQnsKUG1j1n-v6C4");

    private static final Logger LOG = Logger.getLogger(WebPushKeys.class);

    @Inject
    NotificationSettings settings;

    private Loaded loaded;

    @PostConstruct
    void load() {
        NotificationSettings.WebPush config = settings.webPush();
        loaded = load(ConfigUtils.getProfiles(), config.vapidPublicKey(), config.vapidPrivateKey(), config.subject());
    }

    /**
     * After platform-api's ProductionSettings (default priority), so a deployment missing several
     * secrets hears about all of those first, in one message.
     */
    void checkAtStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent start) {
        if (loaded.refusal().isPresent()) {
            throw new IllegalStateException(loaded.refusal().get());
        }
        if (loaded.webPush() == null) {
            LOG.infof("Web Push adapter is off: %s", loaded.why());
        } else {
            LOG.infof("Web Push adapter is on: VAPID subject %s", loaded.webPush().getSubject());
        }
    }

    /** The signer; empty when Web Push is off. */
    public Optional<WebPush> webPush() {
        return Optional.ofNullable(loaded.webPush());
    }

    /** The application server key the app subscribes with: base64url of the uncompressed point. */
    public Optional<String> publicKey() {
        return webPush().map(push -> WebPushSubscription.base64Url(push.getVapidKeys().getApplicationServerKey()));
    }

    /** What the configuration gives: a signer, or why there is none, or why the service must not start. */
    record Loaded(WebPush webPush, String why, Optional<String> refusal) {
    }

    static Loaded load(List<String> profiles, Optional<String> publicKey, Optional<String> privateKey, Optional<String> subject) {
        boolean local = profiles.contains("dev") || profiles.contains("test");
        String why;
        if (publicKey.filter(k -> !k.isBlank()).isEmpty() || privateKey.filter(k -> !k.isBlank()).isEmpty()) {
            why = "set tweestap.notification.web-push.vapid-public-key and vapid-private-key to enable it";
        } else if (!local && KNOWN_PRIVATE_KEYS.contains(privateKey.get().trim())) {
            why = "tweestap.notification.web-push.vapid-private-key is the dev or test profile's key, known to anyone:"
                    + " make a key pair of your own (decision 0075)";
        } else if (subject.filter(s -> s.startsWith("mailto:") || s.startsWith("https://")).isEmpty()) {
            why = "tweestap.notification.web-push.subject must be a mailto: or https: address of the operator";
        } else {
            try {
                return new Loaded(new WebPush(subject.get(), VapidKeys.fromUncompressedBytes(publicKey.get().trim(),
                        privateKey.get().trim())), null, Optional.empty());
            } catch (RuntimeException e) {
                // Never the key itself: only that it is not a P-256 pair in the expected encoding.
                why = "the VAPID keys are not a P-256 key pair, each base64url of the uncompressed public point (65 bytes)"
                        + " and the private scalar (32 bytes) (" + e.getClass().getSimpleName() + ")";
            }
        }
        return new Loaded(null, why, local ? Optional.empty() : Optional.of("Refusing to start: Web Push " + why));
    }
}
