package io.tweestap.e2e.k8s;

import java.util.Map;

/**
 * A pod as the network sees it: where it runs, its labels and its named ports. Made from a
 * Deployment's template, or from what Strimzi and CloudNativePG create, or a pod outside the
 * namespace (the ingress controller, Prometheus, DNS). An external address has an ip instead.
 */
public record PodShape(String name, String namespace, Map<String, String> namespaceLabels, Map<String, String> labels,
        Map<String, Integer> ports, String ip) {

    static PodShape inNamespace(String name, String namespace, Map<String, String> labels, Map<String, Integer> ports) {
        return new PodShape(name, namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, ports, null);
    }

    static PodShape address(String name, String ip) {
        return new PodShape(name, null, Map.of(), Map.of(), Map.of(), ip);
    }

    boolean isAddress() {
        return ip != null;
    }

    boolean matches(Map<String, String> selector) {
        return labels.entrySet().containsAll(selector.entrySet());
    }
}
