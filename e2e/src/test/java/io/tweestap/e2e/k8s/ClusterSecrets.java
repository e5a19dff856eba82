package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Secrets a render's pods can read once applied, with their values: a Secret of the render
 * itself by its data, any other (the platform team's, Strimzi's, CloudNativePG's; ClusterObjects)
 * by a placeholder that names Secret and key.
 */
public final class ClusterSecrets {

    private final Rendered render;
    private final ClusterObjects objects;

    private ClusterSecrets(Rendered render) {
        this.render = render;
        this.objects = ClusterObjects.of(render);
    }

    public static ClusterSecrets of(Rendered render) {
        return new ClusterSecrets(render);
    }

    /** Key to value; empty when no such Secret will exist. */
    public Map<String, String> values(String secret) {
        Map<String, String> values = new HashMap<>();
        JsonNode own = render.find("Secret", secret).orElse(null);
        if (own != null) {
            own.path("stringData").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
            own.path("data").fields().forEachRemaining(e -> values.put(e.getKey(),
                    new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
            return values;
        }
        for (String key : objects.secrets.getOrDefault(secret, Set.of())) {
            values.put(key, "<Secret " + secret + " key " + key + " (" + objects.secretOrigin.get(secret) + ")>");
        }
        return values;
    }
}
