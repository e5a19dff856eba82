package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every rendered resource read into its typed model: Kubernetes' own kinds into Fabric8's model,
 * Strimzi's into Strimzi's API model (0.51, which reads kafka.strimzi.io/v1), CloudNativePG's
 * against its CRD schema (CnpgSchema). A kind none of them knows, a value of the
 * wrong type or a field the model does not have is a problem.
 */
public final class TypedModels {

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Map<String, Class<?>> KINDS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    private TypedModels() {
    }

    public static List<String> problems(Rendered rendered) {
        List<String> problems = new ArrayList<>();
        CnpgSchema cnpg = CnpgSchema.load();
        for (JsonNode resource : rendered.resources()) {
            String type = resource.path("apiVersion").asText() + "/" + resource.path("kind").asText();
            String id = Rendered.id(resource);
            if (type.startsWith(CnpgSchema.API_VERSION + "/")) {
                problems.addAll(cnpg.problems(resource));
                continue;
            }
            Class<?> model = KINDS.get(type);
            if (model == null) {
                problems.add(id + ": " + type + " is no kind the validation knows (add its model to TypedModels)");
                continue;
            }
            problems.addAll(read(resource, model, id));
        }
        return problems;
    }

    /** Problems of reading {@code node} into {@code model}: type errors and unknown fields. */
    static List<String> read(JsonNode node, Class<?> model, String path) {
        try {
            return UnknownFields.in(MAPPER.treeToValue(node, model), path);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            return List.of(path + ": not a valid " + model.getSimpleName() + ": " + message);
        }
    }
}
