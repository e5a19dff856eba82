package io.tweestap.notification.provider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.quarkus.runtime.Startup;
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
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * FCM HTTP v1 ({@code POST /v1/projects/{project}/messages:send}) with the JDK HTTP client; the
 * OAuth2 access token comes from a service account through Google's auth library. Without a
 * service-account file the adapter is off and says so at start-up.
 */
@Startup
@ApplicationScoped
public class FcmProvider implements PushProvider {

    public static final String KIND = "fcm";

    private static final Logger LOG = Logger.getLogger(FcmProvider.class);
    private static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";

    @Inject
    Clock clock;

    @Inject
    NotificationSettings settings;

    @Inject
    ObjectMapper json;

    private GoogleCredentials credentials;
    private HttpClient http;
    private URI sendUri;

    @PostConstruct
    void start() {
        NotificationSettings.Fcm fcm = settings.fcm();
        if (fcm.serviceAccountPath().isEmpty()) {
            LOG.info("FCM adapter is off: set tweestap.notification.fcm.service-account-path to enable it");
            return;
        }
        try (InputStream account = Files.newInputStream(Path.of(fcm.serviceAccountPath().get()))) {
            GoogleCredentials loaded = GoogleCredentials.fromStream(account).createScoped(List.of(SCOPE));
            String project = fcm.projectId().orElseGet(() -> loaded instanceof ServiceAccountCredentials service
                    ? service.getProjectId() : null);
            if (project == null) {
                LOG.error("FCM adapter is off: no project id in the service account or tweestap.notification.fcm.project-id");
                return;
            }
            sendUri = URI.create(fcm.baseUrl().replaceAll("/+$", "") + "/v1/projects/" + project + "/messages:send");
            http = HttpClient.newBuilder().connectTimeout(fcm.requestTimeout()).build();
            credentials = loaded;
            LOG.infof("FCM adapter is on: project %s", project);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("FCM adapter is off: the service account could not be loaded (%s)", e.getClass().getSimpleName());
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean enabled() {
        return credentials != null;
    }

    @Override
    public Uni<ProviderAnswer> send(ProviderPush push, String deviceToken) {
        // The auth library refreshes its token with a blocking call; keep it off the event loop.
        return Uni.createFrom().item(this::accessToken).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(token -> Uni.createFrom().completionStage(() -> http.sendAsync(HttpRequest.newBuilder(sendUri)
                                .timeout(settings.fcm().requestTimeout())
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json; charset=UTF-8")
                                .POST(HttpRequest.BodyPublishers.ofString(body(push, deviceToken)))
                                .build(), HttpResponse.BodyHandlers.ofString())))
                .map(FcmProvider::answer);
    }

    private String accessToken() {
        try {
            credentials.refreshIfExpired();
            return credentials.getAccessToken().getTokenValue();
        } catch (IOException e) {
            throw new IllegalStateException("No FCM access token", e);
        }
    }

    private String body(ProviderPush push, String deviceToken) {
        long ttlSeconds = Math.max(0, Duration.between(clock.instant(), push.expiresAt()).toSeconds());
        Map<String, Object> android = new LinkedHashMap<>();
        android.put("priority", "HIGH");
        android.put("ttl", ttlSeconds + "s");
        android.put("collapse_key", push.kind() + ":" + push.reference());
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("token", deviceToken);
        // Data only: the authenticator builds the notification itself, including for new-device notices.
        message.put("data", push.data());
        message.put("android", android);
        try {
            return json.writeValueAsString(Map.of("message", message));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ProviderAnswer answer(HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status / 100 == 2) {
            return new Accepted();
        }
        if (status == 404 || body.contains("UNREGISTERED")) {
            return new InvalidToken("UNREGISTERED");
        }
        if (status == 400 && body.contains("registration token")) {
            return new InvalidToken("INVALID_ARGUMENT");
        }
        if (status == 429 || status >= 500) {
            return new Unavailable("status " + status);
        }
        return new Rejected("status " + status);
    }

}
