package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What people, phones, platforms and Vonage reach from outside comes in through the Ingress: every path
 * prefix a service serves them is routed to it, and nothing under /q (health, metrics, OpenAPI) is.
 * enrollment-service serves the wizard (/setup), the Tweestap Authenticator web app the wizard's QR
 * code opens (/app, decision 0077) and its APIs; the others their APIs, Vonage's callbacks among sms-service's.
 */
public final class PublicPaths {

    static final Map<String, List<String>> SERVED = new LinkedHashMap<>();

    static {
        SERVED.put("enrollment-service", List.of("/setup", "/app", "/api/v1"));
        SERVED.put("challenge-service", List.of("/api/v1"));
        SERVED.put("notification-service", List.of("/api/v1"));
        SERVED.put("sms-service", List.of("/api/v1"));
    }

    private PublicPaths() {
    }

    public static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        Map<String, Set<String>> routed = new HashMap<>();
        for (JsonNode ingress : rendered.kind("Ingress")) {
            for (JsonNode rule : ingress.path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    String prefix = path.path("path").asText("/");
                    String service = path.path("backend").path("service").path("name").asText();
                    if (prefix.equals("/") || prefix.equals("/q") || prefix.startsWith("/q/")) {
                        problems.add(Rendered.id(ingress) + " " + rule.path("host").asText() + prefix
                                + ": opens /q (health, metrics, OpenAPI) of " + service + " to the outside");
                    }
                    routed.computeIfAbsent(service, s -> new HashSet<>()).add(prefix);
                }
            }
        }
        SERVED.forEach((service, prefixes) -> {
            for (String prefix : prefixes) {
                if (rendered.find("Deployment", service).isPresent()
                        && !routed.getOrDefault(service, Set.of()).contains(prefix)) {
                    problems.add("Ingress: " + service + " " + prefix + " is not routed, so nothing outside the cluster reaches it");
                }
            }
        });
        return problems;
    }
}
