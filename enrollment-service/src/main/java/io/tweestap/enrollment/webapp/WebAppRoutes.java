package io.tweestap.enrollment.webapp;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Serves the Tweestap Authenticator web app (static files in {@code META-INF/resources/app}) under
 * {@code /app/}: {@code /app/activate}, the address in the wizard's QR code, is the app's own page
 * (the activation code follows in the fragment, which browsers never send), and every answer under
 * {@code /app} carries the app's security headers. The Content-Security-Policy lets the app's
 * script talk only to this service and to the challenge and notification endpoints it hands to
 * devices (decision 0077).
 */
@ApplicationScoped
public class WebAppRoutes {

    static final String ACTIVATE = "/app/activate";
    private static final String INDEX = "META-INF/resources/app/index.html";

    @Inject
    EnrollmentSettings settings;

    /** The headers of an answer under /app, given the public URL and the endpoints handed to devices. */
    public static Map<String, String> headers(URI publicUrl, URI challenges, URI notifications) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
                + " manifest-src 'self'; worker-src 'self'; connect-src 'self' " + origin(challenges) + " "
                + origin(notifications) + " " + socketOrigin(notifications)
                + "; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        // The shell holds no personal data (accounts live in the phone's IndexedDB): revalidated, so
        // an update reaches phones; the service worker keeps its own copy for offline starts.
        headers.put("Cache-Control", "no-cache");
        if ("https".equals(publicUrl.getScheme())) {
            headers.put("Strict-Transport-Security", "max-age=31536000");
        }
        return headers;
    }

    static String origin(URI url) {
        return url.getScheme() + "://" + url.getRawAuthority();
    }

    /** The WebSocket origin of an http(s) endpoint: CSP 'connect-src' names ws/wss separately. */
    static String socketOrigin(URI url) {
        return ("https".equals(url.getScheme()) ? "wss" : "ws") + "://" + url.getRawAuthority();
    }

    void register(@Observes Filters filters) {
        Map<String, String> headers = headers(settings.publicUrl(), settings.endpoints().challengeService(),
                settings.endpoints().notificationService());
        filters.register(context -> {
            String path = context.normalizedPath();
            if ("/app".equals(path) || path.startsWith("/app/")) {
                context.addHeadersEndHandler(ignored -> {
                    MultiMap response = context.response().headers();
                    headers.forEach(response::set);
                });
            }
            context.next();
        }, 100);
    }

    void route(@Observes Router router) {
        Buffer index = Buffer.buffer(read(INDEX));
        router.get(ACTIVATE).handler(context -> context.response()
                .putHeader("Content-Type", "text/html; charset=utf-8").end(index));
    }

    private static byte[] read(String resource) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the service");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
