package io.tweestap.notification.provider;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsSigningKey;
import com.eatthepath.pushy.apns.util.SimpleApnsPayloadBuilder;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.eatthepath.pushy.apns.util.TokenUtil;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.delivery.Pushes;
import io.tweestap.notification.provider.ProviderAnswer.Accepted;
import io.tweestap.notification.provider.ProviderAnswer.InvalidToken;
import io.tweestap.notification.provider.ProviderAnswer.Rejected;
import io.tweestap.notification.provider.ProviderAnswer.Unavailable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.File;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * APNs through Pushy, with token-based (.p8 key) authentication over HTTP/2. Without a complete
 * key configuration the adapter is off and says so at start-up.
 */
@Startup
@ApplicationScoped
public class ApnsProvider implements PushProvider {

    public static final String KIND = "apns";

    private static final Logger LOG = Logger.getLogger(ApnsProvider.class);
    /** Apple's reasons that mean the token will never work again for this app. */
    private static final Set<String> DEAD_TOKEN_REASONS = Set.of("BadDeviceToken", "Unregistered", "DeviceTokenNotForTopic");

    @Inject
    NotificationSettings settings;

    private ApnsClient client;
    private String topic;

    @PostConstruct
    void start() {
        NotificationSettings.Apns apns = settings.apns();
        if (apns.signingKeyPath().isEmpty() || apns.teamId().isEmpty() || apns.keyId().isEmpty() || apns.topic().isEmpty()) {
            LOG.info("APNs adapter is off: set tweestap.notification.apns.signing-key-path, team-id, key-id and topic to enable it");
            return;
        }
        try {
            ApnsClientBuilder builder = new ApnsClientBuilder()
                    .setApnsServer(apns.host(), apns.port())
                    .setSigningKey(ApnsSigningKey.loadFromPkcs8File(new File(apns.signingKeyPath().get()),
                            apns.teamId().get(), apns.keyId().get()));
            if (apns.trustedCertificatePath().isPresent()) {
                builder.setTrustedServerCertificateChain(new File(apns.trustedCertificatePath().get()));
            }
            client = builder.build();
            topic = apns.topic().get();
            LOG.infof("APNs adapter is on: %s:%d, topic %s", apns.host(), apns.port(), topic);
        } catch (Exception e) {
            // A broken key must not take the direct channel and FCM down with it.
            LOG.errorf("APNs adapter is off: its configuration could not be loaded (%s)", e.getClass().getSimpleName());
        }
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean enabled() {
        return client != null;
    }

    @Override
    public Uni<ProviderAnswer> send(ProviderPush push, String deviceToken) {
        SimpleApnsPayloadBuilder payload = new SimpleApnsPayloadBuilder();
        if (Pushes.NEW_DEVICE.equals(push.kind())) {
            payload.setAlertTitle("New authenticator added")
                    .setAlertBody("A new device was linked to your account. If this was not you, contact your helpdesk.");
        } else if (Pushes.ACCESS_PASS.equals(push.kind())) {
            payload.setAlertTitle("Temporary access pass")
                    .setAlertBody("redeemed".equals(push.data().get("action"))
                            ? "A temporary access pass was used to set up a device. If this was not you, contact your helpdesk."
                            : "A temporary access pass was issued for your account. If you did not ask for one, contact your helpdesk.");
        } else {
            payload.setAlertTitle("Sign-in request")
                    .setAlertBody("Are you trying to sign in to " + push.data().getOrDefault("application", "your account") + "?")
                    .setCategoryName("TWEESTAP_CHALLENGE");
        }
        payload.setSound("default").setMutableContent(true).addCustomProperty("tweestap", push.data());
        SimpleApnsPushNotification notification = new SimpleApnsPushNotification(
                TokenUtil.sanitizeTokenString(deviceToken), topic, payload.build(), push.expiresAt(),
                DeliveryPriority.IMMEDIATE, PushType.ALERT, collapseId(push));
        return Uni.createFrom().completionStage(() -> client.sendNotification(notification)).map(ApnsProvider::answer);
    }

    private static String collapseId(ProviderPush push) {
        String id = push.kind() + ":" + push.reference();
        return id.length() <= 64 ? id : push.pushId();
    }

    static ProviderAnswer answer(PushNotificationResponse<?> response) {
        if (response.isAccepted()) {
            return new Accepted();
        }
        String reason = response.getRejectionReason().orElse("status " + response.getStatusCode());
        if (response.getStatusCode() == 410 || DEAD_TOKEN_REASONS.contains(reason)) {
            return new InvalidToken(reason);
        }
        if (response.getStatusCode() >= 500 || response.getStatusCode() == 429) {
            return new Unavailable(reason);
        }
        return new Rejected(reason);
    }
}
