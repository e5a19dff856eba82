package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * NetworkPolicy semantics (networking.k8s.io/v1) over PodShapes: a connection is allowed when the
 * source may send it (no Egress policy selects the source, or one of those that do has a rule for
 * it) and the destination may receive it (the same for Ingress). Named ports resolve on the
 * destination pod. An ipBlock is taken to match addresses outside the cluster only, never pods.
 * Besides the render's policies it holds the one Strimzi makes for each Kafka's pods.
 */
final class NetworkPolicyModel {

    private final List<JsonNode> policies = new ArrayList<>();

    NetworkPolicyModel(Rendered rendered) {
        policies.addAll(rendered.kind("NetworkPolicy"));
        rendered.kind("Kafka").forEach(kafka -> policies.add(strimziPolicy(kafka)));
    }

    List<JsonNode> policies() {
        return policies;
    }

    boolean allowed(PodShape from, PodShape to, int port, String protocol) {
        return permits(from, to, port, protocol, "Egress", "egress", "to", from)
                && permits(to, from, port, protocol, "Ingress", "ingress", "from", to);
    }

    /** Whether the policies selecting {@code subject} in direction {@code type} let the connection through. */
    private boolean permits(PodShape subject, PodShape peer, int port, String protocol, String type, String rules,
            String peers, PodShape destination) {
        if (subject.isAddress()) {
            return true;
        }
        boolean selected = false;
        for (JsonNode policy : policies) {
            String namespace = policy.path("metadata").path("namespace").asText();
            if (!namespace.equals(subject.namespace()) || !types(policy).contains(type)
                    || !subject.matches(Rendered.strings(policy.path("spec").path("podSelector").path("matchLabels")))) {
                continue;
            }
            selected = true;
            for (JsonNode rule : policy.path("spec").path(rules)) {
                if (peerMatches(rule.path(peers), peer, namespace) && portMatches(rule.path("ports"), destination, port, protocol)) {
                    return true;
                }
            }
        }
        return !selected;
    }

    private static List<String> types(JsonNode policy) {
        List<String> types = new ArrayList<>();
        policy.path("spec").path("policyTypes").forEach(t -> types.add(t.asText()));
        if (types.isEmpty()) {
            types.add("Ingress");
            if (policy.path("spec").has("egress")) {
                types.add("Egress");
            }
        }
        return types;
    }

    private static boolean peerMatches(JsonNode peers, PodShape pod, String policyNamespace) {
        if (peers.isMissingNode() || peers.isEmpty()) {
            return true;
        }
        for (JsonNode peer : peers) {
            if (peer.has("ipBlock")) {
                if (pod.isAddress() && inBlock(pod.ip(), peer.path("ipBlock"))) {
                    return true;
                }
                continue;
            }
            if (pod.isAddress()) {
                continue;
            }
            boolean namespaceOk = peer.has("namespaceSelector")
                    ? pod.namespaceLabels().entrySet().containsAll(
                            Rendered.strings(peer.path("namespaceSelector").path("matchLabels")).entrySet())
                    : policyNamespace.equals(pod.namespace());
            if (namespaceOk && pod.matches(Rendered.strings(peer.path("podSelector").path("matchLabels")))) {
                return true;
            }
        }
        return false;
    }

    private static boolean portMatches(JsonNode ports, PodShape destination, int port, String protocol) {
        if (ports.isMissingNode() || ports.isEmpty()) {
            return true;
        }
        for (JsonNode p : ports) {
            if (!p.path("protocol").asText("TCP").equals(protocol)) {
                continue;
            }
            JsonNode value = p.path("port");
            if (value.isMissingNode() || (value.isInt() && value.asInt() == port)
                    || (value.isTextual() && Integer.valueOf(port).equals(destination.ports().get(value.asText())))) {
                return true;
            }
        }
        return false;
    }

    static boolean inBlock(String ip, JsonNode block) {
        if (!inCidr(ip, block.path("cidr").asText())) {
            return false;
        }
        for (JsonNode except : block.path("except")) {
            if (inCidr(ip, except.asText())) {
                return false;
            }
        }
        return true;
    }

    private static boolean inCidr(String ip, String cidr) {
        try {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            BigInteger address = new BigInteger(1, InetAddress.getByName(ip).getAddress());
            BigInteger network = new BigInteger(1, InetAddress.getByName(parts[0]).getAddress());
            int width = InetAddress.getByName(parts[0]).getAddress().length * 8;
            return bits == 0 || address.shiftRight(width - bits).equals(network.shiftRight(width - bits));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(cidr, e);
        }
    }

    /**
     * What Strimzi makes for a Kafka's pods: the controller port 9090 among themselves, replication 9091
     * for them, the entity operator and the cluster operator, and each listener for its
     * networkPolicyPeers (everyone when it names none).
     */
    private static JsonNode strimziPolicy(JsonNode kafka) {
        ObjectMapper json = new ObjectMapper();
        String cluster = Rendered.name(kafka);
        ObjectNode policy = json.createObjectNode();
        policy.putObject("metadata").put("name", cluster + "-network-policy-kafka")
                .put("namespace", kafka.path("metadata").path("namespace").asText());
        ObjectNode spec = policy.putObject("spec");
        spec.putObject("podSelector").set("matchLabels", json.valueToTree(Map.of("strimzi.io/cluster", cluster,
                "strimzi.io/kind", "Kafka", "strimzi.io/name", cluster + "-kafka")));
        spec.putArray("policyTypes").add("Ingress");
        ArrayNode ingress = spec.putArray("ingress");
        JsonNode kafkaPods = json.valueToTree(Map.of("podSelector", Map.of("matchLabels", Map.of("strimzi.io/name", cluster + "-kafka"))));
        JsonNode entityOperator = json.valueToTree(Map.of("podSelector", Map.of("matchLabels",
                Map.of("strimzi.io/name", cluster + "-entity-operator"))));
        JsonNode clusterOperator = json.valueToTree(Map.of("namespaceSelector", Map.of(),
                "podSelector", Map.of("matchLabels", Map.of("strimzi.io/kind", "cluster-operator"))));
        ingress.add(rule(json, 9090, List.of(kafkaPods)));
        ingress.add(rule(json, 9091, List.of(kafkaPods, entityOperator, clusterOperator)));
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            List<JsonNode> peers = new ArrayList<>();
            listener.path("networkPolicyPeers").forEach(peers::add);
            ingress.add(rule(json, listener.path("port").asInt(), peers));
        }
        return policy;
    }

    private static JsonNode rule(ObjectMapper json, int port, List<JsonNode> peers) {
        ObjectNode rule = json.createObjectNode();
        rule.putArray("ports").addObject().put("protocol", "TCP").put("port", port);
        if (!peers.isEmpty()) {
            rule.putArray("from").addAll(peers);
        }
        return rule;
    }
}
