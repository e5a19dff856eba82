package io.tweestap.api;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * In the prod profile a service refuses to start on settings that only fit a laptop: a secret left
 * at a value that ships in this repository (the database role name as its password, the dev, test
 * and compose HMAC keys, {@code change-me}) or a public URL that is plain http to another machine
 * (decision 0016). The dev and test profiles, which the local platform and the tests use, are not
 * checked. Each service names its secrets and public URLs in {@code application.properties}:
 * {@code tweestap.production.secrets} (each must be set) and {@code tweestap.production.public-urls}
 * (each checked when set). The failure names the properties, never their values.
 */
@ApplicationScoped
public class ProductionSettings {

    static final String SECRETS = "tweestap.production.secrets";
    static final String PUBLIC_URLS = "tweestap.production.public-urls";

    /** Values that are in this repository or its examples, and so known to anyone. */
    private static final Set<String> KNOWN_SECRETS = Set.of("enrollment", "challenge", "notification", "sms",
            "postgres", "password", "secret", "sandbox", "tweestap", "admin", "test", "dev");
    private static final List<String> KNOWN_MARKERS = List.of("change-me", "changeme", "dev-only-", "test-only-",
            "compose-only-", "replace-with");
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    void onStart(@Observes StartupEvent event) {
        refuseUnsafe(ConfigProvider.getConfig(), ConfigUtils.getProfiles());
    }

    /** Throws, naming every unsafe property, when {@code prod} is among the active profiles. */
    static void refuseUnsafe(Config config, List<String> profiles) {
        if (!profiles.contains("prod")) {
            return;
        }
        List<String> secrets = config.getOptionalValues(SECRETS, String.class).orElse(List.of());
        List<String> publicUrls = config.getOptionalValues(PUBLIC_URLS, String.class).orElse(List.of());
        List<String> problems = problems(name -> config.getOptionalValue(name, String.class), secrets, publicUrls);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Refusing to start in the prod profile: " + String.join("; ", problems)
                    + " (decision 0016)");
        }
    }

    /** What is wrong with the given settings, one sentence per property; empty when production-ready. */
    static List<String> problems(Function<String, Optional<String>> settings, List<String> secrets, List<String> publicUrls) {
        List<String> problems = new ArrayList<>();
        Optional<String> databaseRole = settings.apply("quarkus.datasource.username");
        for (String name : secrets) {
            Optional<String> value = settings.apply(name).filter(v -> !v.isBlank());
            if (value.isEmpty()) {
                problems.add(name + " is not set");
            } else if (isKnown(value.get()) || value.equals(databaseRole)) {
                problems.add(name + " is a default or example value: set a secret of your own");
            }
        }
        for (String name : publicUrls) {
            // An unset URL is the service's own business (some are optional, e.g. the voice event URL).
            Optional<String> value = settings.apply(name).filter(v -> !v.isBlank());
            if (value.isPresent() && !isSafePublicUrl(value.get())) {
                problems.add(name + " must be an https URL (plain http only to localhost)");
            }
        }
        return problems;
    }

    private static boolean isKnown(String secret) {
        String lower = secret.toLowerCase(Locale.ROOT);
        return KNOWN_SECRETS.contains(lower) || KNOWN_MARKERS.stream().anyMatch(lower::contains);
    }

    /** https anywhere; http only to this machine, which no phone and no attacker in between can reach. */
    private static boolean isSafePublicUrl(String url) {
        try {
            URI uri = URI.create(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
            return "https".equals(scheme) && !host.isEmpty()
                    || "http".equals(scheme) && LOOPBACK.contains(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
