package io.tweestap.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACLs are written once, in deploy/kafka-acls (decision 0063); the Strimzi KafkaUsers of
 * deploy/k8s/base/kafka-users.yaml are their translation and must grant exactly the same.
 */
class KafkaAclsFileTest {

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();

    @Test
    void theStrimziKafkaUsersGrantExactlyWhatDeployKafkaAclsGrants() throws IOException {
        Set<String> file = new HashSet<>();
        for (String raw : Files.readAllLines(ROOT.resolve("deploy/kafka-acls"))) {
            String line = raw.replaceFirst("#.*", "").trim();
            if (!line.isEmpty()) {
                String[] f = line.split("\\s+");
                file.add(acl(f[0], f[1], f[2], f[3], f[4]));
            }
        }

        Set<String> strimzi = new HashSet<>();
        Set<String> users = new HashSet<>();
        try (var documents = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class)
                .readValues(ROOT.resolve("deploy/k8s/base/kafka-users.yaml").toFile())) {
            while (documents.hasNext()) {
                JsonNode user = (JsonNode) documents.next();
                if (user == null || user.isMissingNode() || user.isNull()) {
                    continue;
                }
                assertThat(user.path("kind").asText()).isEqualTo("KafkaUser");
                String name = user.path("metadata").path("name").asText();
                users.add(name);
                assertThat(user.path("spec").path("authentication").path("type").asText()).as(name).isEqualTo("scram-sha-512");
                for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                    JsonNode resource = acl.path("resource");
                    assertThat(acl.path("host").asText("*")).isEqualTo("*");
                    for (JsonNode operation : acl.path("operations")) {
                        strimzi.add(acl(name, operation.asText(), resource.path("type").asText(),
                                resource.path("name").asText(), resource.path("patternType").asText("literal")));
                    }
                }
            }
        }

        assertThat(strimzi).containsExactlyInAnyOrderElementsOf(file);
        assertThat(users).contains("enrollment-service", "challenge-service", "notification-service", "sms-service");
    }

    /** Kafka's operation, resource and pattern names are case-insensitive; principals and topics are not. */
    private static String acl(String principal, String operation, String resource, String name, String pattern) {
        return String.join(" ", principal, operation.toUpperCase(Locale.ROOT), resource.toUpperCase(Locale.ROOT), name,
                pattern.toUpperCase(Locale.ROOT));
    }
}
