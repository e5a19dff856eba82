package io.tweestap.notification.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.interaso.webpush.WebPush;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tweestap.notification.config.NotificationSettings;
import io.tweestap.notification.provider.ProviderAnswer.Accepted;
import io.tweestap.notification.provider.ProviderAnswer.InvalidToken;
import io.tweestap.notification.provider.ProviderAnswer.Rejected;
import io.tweestap.notification.provider.ProviderAnswer.Unavailable;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Web Push (RFC 8030) to a browser's push service: the payload encrypted for the subscription
 * (RFC 8291 aes128gcm) and the request signed with the VAPID key (RFC 8292), both by the
 * com.interaso:webpush library; sent with the JDK HTTP client. The channel address is the
 * subscription ({@link WebPushSubscription}); its endpoint is a capability, so only its host is
 * ever logged.
 */
@ApplicationScoped
public class WebPushProvider implements PushProvider {

    public static final String KIND = "webpush";
    private static final Logger LOG = Logger.getLogger(WebPushProvider.class);

    @Inject
    Clock clock;

    @Inject
    WebPushKeys keys;

    @Inject
    NotificationSettings settings;

    @Inject
    ObjectMapper json;

    private HttpClient http;

    @PostConstruct
    void start() {
        http = HttpClient.newBuilder().connectTimeout(settings.webPush().requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean enabled() {
        return keys.webPush().isPresent();
    }

    @Override
    public Uni<ProviderAnswer> send(ProviderPush push, String address) {
        WebPushSubscription subscription = WebPushSubscription.fromAddress(address);
        // Key agreement and signing are CPU work per message: off the event loop.
        return Uni.createFrom().item(() -> request(push, subscription)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(request -> Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding())))
                .map(response -> answer(response.statusCode(), response.headers().firstValue("Retry-After"), subscription.host()));
    }

    private HttpRequest request(ProviderPush push, WebPushSubscription subscription) {
        WebPush webPush = keys.webPush().orElseThrow();
        byte[] body = webPush.getBody(payload(push), subscription.p256dh(), subscription.auth());
        int ttl = (int) Math.max(0, Math.min(Integer.MAX_VALUE, Duration.between(clock.instant(), push.expiresAt()).toSeconds()));
        Map<String, String> headers = webPush.getHeaders(subscription.endpoint().toString(), ttl, topic(push),
                WebPush.Urgency.High);
        HttpRequest.Builder request = HttpRequest.newBuilder(subscription.endpoint())
                .timeout(settings.webPush().requestTimeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return request.build();
    }

    /** The stream frame of the push, the same JSON the app reads on its stream: never a number or a secret. */
    private byte[] payload(ProviderPush push) {
        Map<String, String> frame = new LinkedHashMap<>();
        frame.put("pushId", push.pushId());
        frame.putAll(push.data());
        try {
            return json.writeValueAsBytes(frame);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RFC 8030 5.4: a later message with the same topic replaces one the push service still holds,
     * so a re-send after a lease take-over does not show twice. At most 32 base64url characters: a
     * challenge id without its dashes.
     */
    static String topic(ProviderPush push) {
        // Dashes dropped too: a UUID keeps all 32 of its hex digits.
        String topic = push.reference().replaceAll("[^A-Za-z0-9_]", "");
        if (topic.length() > 32) {
            topic = topic.substring(0, 32);
        }
        return topic.isEmpty() ? null : topic;
    }

    ProviderAnswer answer(int status, Optional<String> retryAfter, String host) {
        if (status / 100 == 2) {
            return new Accepted();
        }
        if (status == 404 || status == 410) {
            // RFC 8030 7.3 / 6.2: the subscription expired or the user withdrew it.
            return new InvalidToken("status " + status);
        }
        if (status == 429 || status >= 500) {
            return new Unavailable("status " + status, retryAfter.flatMap(this::retryAfter));
        }
        LOG.warnf("The Web Push service at %s refused a push with status %d", host, status);
        return new Rejected("status " + status);
    }

    /** {@code Retry-After}: delta-seconds or an HTTP-date (RFC 9110 10.2.3). */
    Optional<Duration> retryAfter(String value) {
        String text = value.trim();
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME));
                return Optional.of(until.isNegative() ? Duration.ZERO : until);
            } catch (DateTimeParseException neither) {
                return Optional.empty();
            }
        }
    }
}
