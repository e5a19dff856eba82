package io.tweestap.challenge;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * sms-service at the HTTP boundary, answering its documented contract; the real service and
 * challenge-service meet in the e2e tests. Tests reach it through {@link #port()}.
 */
public class SmsServiceStandIn implements QuarkusTestResourceLifecycleManager {

    static final String PORT_PROPERTY = "tweestap.test.sms-stand-in-port";
    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        System.setProperty(PORT_PROPERTY, Integer.toString(server.port()));
        return Map.of("quarkus.rest-client.sms-service.url", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static int port() {
        return Integer.parseInt(System.getProperty(PORT_PROPERTY));
    }
}
