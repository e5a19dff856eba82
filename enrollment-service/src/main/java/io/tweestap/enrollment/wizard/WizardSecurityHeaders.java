package io.tweestap.enrollment.wizard;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.tweestap.enrollment.config.EnrollmentSettings;
import io.vertx.core.MultiMap;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The security headers of everything under {@code /setup}: pages, error pages, refusals,
 * redirects, the status JSON, the QR image and the static script and stylesheet. Set on the
 * HTTP route rather than per response, so no answer of the wizard can leave without them.
 */
@ApplicationScoped
public class WizardSecurityHeaders {

    static final String CSP = "default-src 'self'; img-src 'self'; script-src 'self'; style-src 'self';"
            + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

    @Inject
    EnrollmentSettings settings;

    /** The headers for a wizard answer; HSTS only when browsers reach the wizard over https. */
    public static Map<String, String> headers(boolean https) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", CSP);
        headers.put("X-Frame-Options", "DENY");
        // The link token is in the first page's URL: never send it on as a Referer.
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Content-Type-Options", "nosniff");
        // Codes, numbers and the account are on the pages: no cache keeps them.
        headers.put("Cache-Control", "no-store");
        if (https) {
            headers.put("Strict-Transport-Security", "max-age=31536000");
        }
        return headers;
    }

    void register(@Observes Filters filters) {
        Map<String, String> headers = headers("https".equals(settings.publicUrl().getScheme()));
        filters.register(context -> {
            String path = context.normalizedPath();
            if ("/setup".equals(path) || path.startsWith("/setup/")) {
                context.addHeadersEndHandler(ignored -> {
                    MultiMap response = context.response().headers();
                    headers.forEach(response::set);
                });
            }
            context.next();
        }, 100);
    }
}
