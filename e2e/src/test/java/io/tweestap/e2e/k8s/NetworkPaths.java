package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The paths the design uses are open and no others: evaluated over the render's NetworkPolicies
 * (NetworkPolicyModel) for the services' pods, the pods Strimzi and CloudNativePG make, and pods and
 * addresses outside the namespace. Needed: ingress controller and Prometheus to each service; each
 * REST client to the service it calls (from the URLs in its ConfigMaps); each service to DNS, its
 * database's primary and the Kafka listener; sms-service and notification-service to public
 * addresses (Vonage; APNs, FCM, Web Push); the operators' own paths. Refused: every other pair of
 * services, other pods of the namespace or of other namespaces to the services, database or Kafka,
 * the other services to any outside address, and the services to the database's or Kafka's
 * internal ports. A policy whose pod selector matches no pod is a problem too.
 */
public final class NetworkPaths {

    private static final PodShape INGRESS = PodShape.inNamespace("ingress controller", "ingress-nginx",
            Map.of("app.kubernetes.io/name", "ingress-nginx"), Map.of());
    private static final PodShape PROMETHEUS = PodShape.inNamespace("prometheus", "monitoring",
            Map.of("app.kubernetes.io/name", "prometheus"), Map.of());
    private static final PodShape DNS = PodShape.inNamespace("kube-dns", "kube-system", Map.of("k8s-app", "kube-dns"),
            Map.of("dns", 53));
    private static final PodShape CNPG_OPERATOR = PodShape.inNamespace("CloudNativePG operator", "cnpg-system",
            Map.of("app.kubernetes.io/name", "cloudnative-pg"), Map.of());
    private static final PodShape STRANGER_OTHER_NAMESPACE = PodShape.inNamespace("a pod of namespace default", "default",
            Map.of("app", "stranger"), Map.of());
    private static final PodShape PUBLIC = PodShape.address("a public address", "203.0.113.10");
    private static final PodShape PRIVATE = PodShape.address("a private-network address", "10.20.30.40");

    private final NetworkPolicyModel model;
    private final ClusterObjects objects;
    private final Rendered rendered;
    private final List<String> problems = new ArrayList<>();

    private NetworkPaths(Rendered rendered) {
        this.rendered = rendered;
        this.model = new NetworkPolicyModel(rendered);
        this.objects = ClusterObjects.of(rendered);
    }

    public static List<String> problems(Rendered rendered) {
        NetworkPaths check = new NetworkPaths(rendered);
        check.selectors();
        check.paths();
        return check.problems;
    }

    private void selectors() {
        for (JsonNode policy : rendered.kind("NetworkPolicy")) {
            Map<String, String> selector = Rendered.strings(policy.path("spec").path("podSelector").path("matchLabels"));
            if (!selector.isEmpty() && objects.pods.values().stream().noneMatch(p -> p.matches(selector))) {
                problems.add(Rendered.id(policy) + ": its podSelector " + selector + " matches no pod");
            }
        }
    }

    private void paths() {
        Map<String, PodShape> services = new LinkedHashMap<>();
        rendered.kind("Deployment").forEach(d -> services.put(Rendered.name(d), objects.pods.get(Rendered.name(d))));
        List<PodShape> postgres = pods("cnpg.io/podRole", "instance");
        List<PodShape> brokers = pods("strimzi.io/broker-role", "true");
        PodShape stranger = PodShape.inNamespace("another pod of the namespace",
                services.values().iterator().next().namespace(), Map.of("app", "debug"), Map.of());
        Map<String, List<String>> calls = new LinkedHashMap<>();
        services.forEach((name, pod) -> {
            int http = pod.ports().getOrDefault("http", 0);
            open(INGRESS, pod, http, "TCP");
            open(PROMETHEUS, pod, http, "TCP");
            open(pod, DNS, 53, "UDP");
            postgres.forEach(db -> {
                open(pod, db, 5432, "TCP");
                closed(pod, db, 8000);
            });
            brokers.forEach(broker -> {
                open(pod, broker, 9093, "TCP");
                closed(pod, broker, 9091);
            });
            closed(stranger, pod, http);
            closed(STRANGER_OTHER_NAMESPACE, pod, http);
            calls.put(name, called(name));
        });
        services.forEach((from, pod) -> services.forEach((to, target) -> {
            if (!from.equals(to)) {
                int port = target.ports().getOrDefault("http", 0);
                if (calls.get(from).contains(to)) {
                    open(pod, target, port, "TCP");
                } else {
                    closed(pod, target, port);
                }
            }
        }));
        services.forEach((name, pod) -> {
            boolean provider = name.equals("sms-service") || name.equals("notification-service");
            if (provider) {
                open(pod, PUBLIC, 443, "TCP");
            } else {
                closed(pod, PUBLIC, 443);
            }
            closed(pod, PRIVATE, 443);
        });
        services.values().stream().filter(p -> p.name().equals("notification-service")).forEach(p -> open(p, PUBLIC, 2197, "TCP"));
        for (PodShape db : postgres) {
            postgres.forEach(other -> open(other, db, 5432, "TCP"));
            open(CNPG_OPERATOR, db, 8000, "TCP");
            closed(INGRESS, db, 5432);
            closed(stranger, db, 5432);
        }
        for (PodShape broker : brokers) {
            objects.pods.values().stream().filter(p -> p.labels().containsKey("strimzi.io/cluster"))
                    .forEach(p -> open(p, broker, 9091, "TCP"));
            closed(INGRESS, broker, 9093);
            closed(stranger, broker, 9093);
            closed(STRANGER_OTHER_NAMESPACE, broker, 9093);
        }
    }

    private List<PodShape> pods(String label, String value) {
        return objects.pods.values().stream().filter(p -> value.equals(p.labels().get(label))).toList();
    }

    /** The services a Deployment calls: the http(s) URLs in its ConfigMaps that name a Service of the render. */
    private List<String> called(String deployment) {
        List<String> called = new ArrayList<>();
        JsonNode container = rendered.find("Deployment", deployment).orElseThrow()
                .path("spec").path("template").path("spec").path("containers").path(0);
        for (JsonNode from : container.path("envFrom")) {
            Optional<JsonNode> map = rendered.find("ConfigMap", from.path("configMapRef").path("name").asText());
            map.ifPresent(m -> m.path("data").fields().forEachRemaining(e -> {
                if (e.getValue().asText().startsWith("http://")) {
                    String host = URI.create(e.getValue().asText()).getHost();
                    if (rendered.find("Service", host).isPresent()) {
                        called.add(host);
                    }
                }
            }));
        }
        return called;
    }

    private void open(PodShape from, PodShape to, int port, String protocol) {
        if (!model.allowed(from, to, port, protocol)) {
            problems.add("closed, but needed: " + from.name() + " -> " + to.name() + ":" + port + "/" + protocol);
        }
    }

    private void closed(PodShape from, PodShape to, int port) {
        if (model.allowed(from, to, port, "TCP")) {
            problems.add("open, but not a path of the design: " + from.name() + " -> " + to.name() + ":" + port);
        }
    }
}
