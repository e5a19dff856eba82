package io.tweestap.challenge.rest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.tweestap.challenge.config.ChallengeSettings;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;

/**
 * CORS for the device API only ({@code /api/v1/devices/…}), and only for the web app's origins
 * ({@code tweestap.challenge.app-origins}): the app is served by enrollment-service, so a phone's
 * browser calls this service cross-origin (decision 0077). The platform API gets no CORS at all;
 * no credentials are allowed (a device proves itself by its signature, never a cookie).
 */
@ApplicationScoped
public class DeviceApiCors {

    static final String DEVICE_API = "/api/v1/devices/";
    static final String ALLOWED_HEADERS = "Content-Type, Tweestap-Device, Tweestap-Timestamp, Tweestap-Nonce, Tweestap-Signature";
    static final String ALLOWED_METHODS = "GET, POST";

    @Inject
    ChallengeSettings settings;

    void register(@Observes Filters filters) {
        Set<String> origins = Set.copyOf(settings.appOrigins().orElse(List.of()).stream()
                .map(String::strip).filter(origin -> !origin.isEmpty()).toList());
        filters.register(context -> {
            String origin = context.request().getHeader("Origin");
            if (origin == null || !context.normalizedPath().startsWith(DEVICE_API)) {
                context.next();
                return;
            }
            HttpServerResponse response = context.response();
            // Caches must keep answers for different origins apart, allowed or not.
            response.headers().add("Vary", "Origin");
            boolean allowed = origins.contains(origin);
            if (context.request().method() == HttpMethod.OPTIONS
                    && context.request().getHeader("Access-Control-Request-Method") != null) {
                if (allowed) {
                    response.putHeader("Access-Control-Allow-Origin", origin)
                            .putHeader("Access-Control-Allow-Methods", ALLOWED_METHODS)
                            .putHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                            .putHeader("Access-Control-Max-Age", "600");
                }
                // A preflight is answered here either way: without the headers the browser refuses the call.
                response.setStatusCode(204).end();
                return;
            }
            if (allowed) {
                response.putHeader("Access-Control-Allow-Origin", origin);
            }
            context.next();
        }, 200);
    }
}
