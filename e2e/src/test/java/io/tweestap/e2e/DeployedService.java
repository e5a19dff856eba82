package io.tweestap.e2e;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * One service as a deployment file starts it: the environment its container gets, the files mounted
 * into it, and the addresses (host to port) of the other services on its network. What the
 * environment leaves unset falls back to the service's application.properties (the prod profile's
 * value, else the unprofiled one) and platform-api's shared defaults, as MicroProfile Config does.
 */
record DeployedService(String name, Map<String, String> env, Set<String> files, Map<String, Integer> addresses) {

    static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    /** The value the service runs with in the prod profile, or empty. */
    Optional<String> setting(String property) {
        String fromEnv = env.get(envName(property));
        if (fromEnv != null) {
            return Optional.of(fromEnv).filter(v -> !v.isBlank());
        }
        Properties own = properties(ROOT.resolve(name + "/src/main/resources/application.properties"));
        Properties shared = properties(ROOT.resolve("platform-api/src/main/resources/META-INF/microprofile-config.properties"));
        for (String key : new String[] {"%prod." + property, property}) {
            String value = own.getProperty(key, shared.getProperty(key));
            if (value != null) {
                return Optional.of(value.trim()).filter(v -> !v.isBlank());
            }
        }
        return Optional.empty();
    }

    /** The environment variable MicroProfile Config reads for a property (QUARKUS_REST_CLIENT_..._URL). */
    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** Empty when the URL reaches the named service on its network; otherwise why not. */
    Optional<String> reaches(String property, String service) {
        Optional<String> url = setting(property);
        if (url.isEmpty()) {
            return Optional.of(property + " (" + envName(property) + ") is not set");
        }
        URI uri = URI.create(url.get());
        Integer port = addresses.get(uri.getHost());
        boolean right = port != null && uri.getPort() == port
                && (uri.getHost().equals(service) || uri.getHost().startsWith(service + "."));
        return right ? Optional.empty()
                : Optional.of(property + " is " + url.get() + ", not " + service + ":" + addresses.get(service));
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
