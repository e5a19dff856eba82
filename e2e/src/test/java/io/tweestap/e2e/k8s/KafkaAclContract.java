package io.tweestap.e2e.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each service's KafkaUser grants exactly what the service does: Write on the topic it publishes
 * (events/asyncapi.yaml: the send operation "&lt;svc&gt; publishes ...") and Read on it (the outbox
 * relay's tail check, decision 0076), Read on each topic it consumes
 * and Read on its consumer groups, Write on the dead-letter topic of each (its
 * application.properties: mp.messaging.incoming.*, checked against the contract's dead-letter
 * channels). And every channel of the contract is a KafkaTopic, and every KafkaTopic a channel.
 */
public final class KafkaAclContract {

    private static final Pattern INCOMING = Pattern.compile(
            "^(?:%prod\\.)?mp\\.messaging\\.incoming\\.([^.]+)\\.(topic|group\\.id|dead-letter-queue\\.topic)$");
    private static final Pattern PUBLISHER = Pattern.compile("^([a-z-]+-service) publishes");
    private static final Pattern PARKS = Pattern.compile("^Any consumer of `([^`]+)` parks");

    private static final java.util.concurrent.atomic.AtomicReference<JsonNode> CONTRACT =
            new java.util.concurrent.atomic.AtomicReference<>();

    private KafkaAclContract() {
    }

    public static List<String> problems(Rendered rendered) {
        JsonNode contract = CONTRACT.updateAndGet(c -> c != null ? c : read(Rendered.ROOT.resolve("events/asyncapi.yaml")));
        Map<String, String> publisherOf = new HashMap<>();
        Map<String, String> deadLettersOf = new HashMap<>();
        contract.path("operations").fields().forEachRemaining(op -> {
            String address = channel(contract, op.getValue());
            Matcher publisher = PUBLISHER.matcher(op.getValue().path("summary").asText());
            Matcher parks = PARKS.matcher(op.getValue().path("summary").asText());
            if (publisher.find()) {
                publisherOf.put(address, publisher.group(1));
            } else if (parks.find()) {
                deadLettersOf.put(parks.group(1), address);
            }
        });
        List<String> problems = new ArrayList<>();
        Set<String> channels = new TreeSet<>();
        contract.path("channels").forEach(c -> channels.add(c.path("address").asText()));
        Set<String> topics = new TreeSet<>();
        rendered.kind("KafkaTopic").forEach(t -> topics.add(t.path("spec").path("topicName").asText(Rendered.name(t))));
        if (!topics.equals(channels)) {
            problems.add("KafkaTopics " + topics + " are not the channels of events/asyncapi.yaml " + channels);
        }
        for (JsonNode deployment : rendered.kind("Deployment")) {
            String service = Rendered.name(deployment);
            Set<String> expected = new TreeSet<>();
            publisherOf.forEach((topic, publisher) -> {
                if (publisher.equals(service)) {
                    expected.add(acl("WRITE", "TOPIC", topic, "LITERAL"));
                    // its outbox relay reads the topic's tail, without a group, before it publishes (decision 0076)
                    expected.add(acl("READ", "TOPIC", topic, "LITERAL"));
                }
            });
            for (Map<String, String> channel : incoming(service).values()) {
                String topic = channel.get("topic");
                expected.add(acl("READ", "TOPIC", topic, "LITERAL"));
                expected.add(acl("READ", "GROUP", channel.getOrDefault("group.id", "<no group.id>"), "LITERAL"));
                String dlq = channel.get("dead-letter-queue.topic");
                if (dlq != null && !dlq.equals(deadLettersOf.get(topic))) {
                    problems.add(service + ": dead-letters " + topic + " into " + dlq + ", the contract into " + deadLettersOf.get(topic));
                }
                expected.add(acl("WRITE", "TOPIC", dlq == null ? "<no dead-letter topic>" : dlq, "LITERAL"));
            }
            JsonNode user = rendered.find("KafkaUser", service).orElse(null);
            if (user == null) {
                problems.add(service + ": no KafkaUser " + service);
                continue;
            }
            Set<String> granted = new TreeSet<>();
            for (JsonNode rule : user.path("spec").path("authorization").path("acls")) {
                JsonNode resource = rule.path("resource");
                rule.path("operations").forEach(op -> granted.add(acl(op.asText(), resource.path("type").asText(),
                        resource.path("name").asText(), resource.path("patternType").asText("literal"))));
            }
            if (!granted.equals(expected)) {
                Set<String> extra = new TreeSet<>(granted);
                extra.removeAll(expected);
                Set<String> missing = new TreeSet<>(expected);
                missing.removeAll(granted);
                problems.add("KafkaUser/" + service + ": grants more than the service does " + extra + ", lacks " + missing);
            }
        }
        return problems;
    }

    /** Channel name to its settings (topic, group.id, dead-letter-queue.topic) from the service's properties. */
    private static Map<String, Map<String, String>> incoming(String service) {
        Properties properties = new Properties();
        Path file = Rendered.ROOT.resolve(service + "/src/main/resources/application.properties");
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Map<String, String>> channels = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher m = INCOMING.matcher(key);
            if (m.find()) {
                channels.computeIfAbsent(m.group(1), c -> new HashMap<>()).put(m.group(2), properties.getProperty(key).trim());
            }
        }
        return channels;
    }

    private static String channel(JsonNode contract, JsonNode operation) {
        String ref = operation.path("channel").path("$ref").asText();
        return contract.at(ref.substring(1)).path("address").asText();
    }

    private static String acl(String operation, String type, String name, String pattern) {
        return String.join(" ", operation.toUpperCase(Locale.ROOT), type.toUpperCase(Locale.ROOT), name,
                pattern.toUpperCase(Locale.ROOT));
    }

    private static JsonNode read(Path file) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
