package io.tweestap.enrollment.wizard;

import io.quarkus.runtime.Startup;
import io.tweestap.enrollment.config.EnrollmentSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The App Store and Google Play pages the "get the app" step shows beside the web app, when the
 * deployment publishes a native authenticator (issue 15). Checked at start: a store page over plain
 * http, or a typo without a host, would send people to a page anyone on the path can swap.
 */
@Startup
@ApplicationScoped
public class NativeAppLinks {

    private final Map<String, Object> templateData;

    @Inject
    public NativeAppLinks(EnrollmentSettings settings) {
        this(settings.nativeApps().appStore(), settings.nativeApps().googlePlay());
    }

    NativeAppLinks(Optional<URI> appStore, Optional<URI> googlePlay) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("appStoreUrl", storePage("tweestap.enrollment.native-apps.app-store", appStore));
        data.put("googlePlayUrl", storePage("tweestap.enrollment.native-apps.google-play", googlePlay));
        this.templateData = Map.copyOf(data);
    }

    /** The template's values: each store page's address, or "" when the deployment has none. */
    public Map<String, Object> templateData() {
        return templateData;
    }

    private static String storePage(String property, Optional<URI> page) {
        if (page.isEmpty()) {
            return "";
        }
        URI uri = page.get();
        if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new IllegalArgumentException(property + " must be an https address of a store page");
        }
        return uri.toString();
    }
}
