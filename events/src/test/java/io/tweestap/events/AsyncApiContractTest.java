package io.tweestap.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code asyncapi.yaml} and the Java contract in step: every catalogued event type must be
 * documented on its topic's channel, with its {@code ce_type}, and with a payload schema that has
 * exactly the record's fields.
 */
class AsyncApiContractTest {

    /** Surefire runs with the module directory as its working directory. */
    private static final Path DOCUMENT = Path.of("asyncapi.yaml");
    private static final String MESSAGES = "#/components/messages/";

    /** Property names that would hint at a secret or a full phone number in an event. */
    private static final Pattern SECRET_LIKE = Pattern.compile(
            "(?i).*(code|secret|token|password|passwd|otp|privatekey|phonenumber|msisdn).*|(?i)number|(?i)phone");

    private static JsonNode root;

    @BeforeAll
    static void parse() throws IOException {
        root = new YAMLMapper().readTree(DOCUMENT.toFile());
    }

    static Stream<Arguments> eventTypes() {
        return EventCatalogue.ALL.stream().map(type -> Arguments.of(Named.of(type.ceType(), type)));
    }

    @Test
    void isAnAsyncApi3DocumentAboutTweestapEvents() {
        assertThat(root.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(root.at("/info/title").asText()).isEqualTo("Tweestap events");
        assertThat(root.at("/info/version").asText()).isEqualTo("1.10.0");
        assertThat(root.at("/servers/local/protocol").asText()).isEqualTo("kafka");
        assertThat(root.at("/servers/local/host").asText()).isEqualTo("127.0.0.1:9092");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void documentsEveryCataloguedEventType(EventType<?> type) {
        String name = type.payloadClass().getSimpleName();
        String messageRef = messageRefFor(type);
        JsonNode message = resolve(ref(messageRef));

        assertThat(message.path("name").asText()).as("name of %s", messageRef).isEqualTo(name);
        assertThat(message.path("title").asText()).as("title of %s", messageRef).isNotBlank();
        assertThat(message.path("summary").asText()).as("summary of %s", messageRef).isNotBlank();
        assertThat(message.path("contentType").asText()).as("contentType of %s", messageRef)
                .isEqualTo("application/json");
        assertThat(refs(message.path("traits"))).as("traits of %s", messageRef)
                .contains("#/components/messageTraits/cloudEventsBinary");
        assertThat(resolve(message.path("headers")).at("/properties/ce_source/const").asText())
                .as("ce_source of %s", messageRef)
                .isEqualTo(type.topic().source().toString());

        assertSchemaDescribes(resolve(message.path("payload")), type.payloadClass(), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void putsEveryEventTypeOnTheChannelOfItsTopic(EventType<?> type) {
        String messageRef = messageRefFor(type);
        List<String> channelsWithMessage = new ArrayList<>();
        root.path("channels").fields().forEachRemaining(channel -> {
            if (refs(channel.getValue().path("messages")).contains(messageRef)) {
                channelsWithMessage.add(channel.getValue().path("address").asText());
            }
        });
        assertThat(channelsWithMessage).as("addresses of the channels that carry %s", messageRef)
                .containsExactly(type.topic().topicName());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventTypes")
    void letsTheOwningServiceSendEveryEventType(EventType<?> type) {
        String channelKey = channelKeyFor(type.topic().topicName());
        String channelMessageRef = "#/channels/" + channelKey + "/messages/" + messageKey(messageRefFor(type));
        List<String> senders = new ArrayList<>();
        root.path("operations").fields().forEachRemaining(operation -> {
            JsonNode op = operation.getValue();
            if (op.path("action").asText().equals("send")
                    && op.at("/channel/$ref").asText().equals("#/channels/" + channelKey)
                    && refs(op.path("messages")).contains(channelMessageRef)) {
                senders.add(operation.getKey());
            }
        });
        String service = type.topic().service();
        assertThat(senders).as("send operations for %s", type.ceType())
                .containsExactly("publish" + Character.toUpperCase(service.charAt(0)) + service.substring(1) + "Events");
    }

    @Test
    void documentsNoEventTypeTheCatalogueDoesNotKnow() {
        List<String> documented = new ArrayList<>();
        root.at("/components/messages").fields().forEachRemaining(message -> {
            JsonNode ceType = resolve(message.getValue().path("headers")).at("/properties/ce_type/const");
            if (!ceType.isMissingNode()) {
                documented.add(ceType.asText());
            }
        });
        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                EventCatalogue.ALL.stream().map(EventType::ceType).toList());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void hasOneChannelPerTopicAndPerDeadLetterTopic(Topic topic) {
        for (String address : List.of(topic.topicName(), topic.deadLetterTopicName())) {
            JsonNode channel = root.path("channels").path(channelKeyFor(address));
            assertThat(channel.at("/bindings/kafka/topic").asText()).as("kafka topic of %s", address).isEqualTo(address);
            assertThat(channel.path("messages").size()).as("messages of %s", address).isPositive();
        }
    }

    @Test
    void hasNoChannelBesidesTheTopicsAndTheirDeadLetterTopics() {
        List<String> expected = Arrays.stream(Topic.values())
                .flatMap(topic -> Stream.of(topic.topicName(), topic.deadLetterTopicName()))
                .toList();
        List<String> addresses = new ArrayList<>();
        root.path("channels").forEach(channel -> addresses.add(channel.path("address").asText()));
        assertThat(addresses).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void describesTheCloudEventsBinaryHeadersAndTheRecordKey() throws IllegalAccessException {
        JsonNode trait = root.at("/components/messageTraits/cloudEventsBinary");
        JsonNode headers = resolve(trait.path("headers"));

        List<String> headerNames = new ArrayList<>();
        for (Field field : CloudEventHeaders.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                headerNames.add((String) field.get(null));
            }
        }
        assertThat(fieldNames(headers.path("properties"))).containsExactlyInAnyOrderElementsOf(headerNames);
        assertThat(texts(headers.path("required"))).contains(
                CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.ID, CloudEventHeaders.TYPE,
                CloudEventHeaders.SOURCE, CloudEventHeaders.TIME, CloudEventHeaders.CONTENT_TYPE);
        assertThat(headers.at("/properties/ce_specversion/const").asText()).isEqualTo("1.0");
        assertThat(headers.at("/properties/content-type/const").asText()).isEqualTo("application/json");
        assertThat(headers.at("/properties/ce_time/format").asText()).isEqualTo("date-time");

        JsonNode key = resolve(trait.at("/bindings/kafka/key"));
        assertThat(key.path("type").asText()).isEqualTo("string");
        TweestapEvent event = new io.tweestap.events.challenge.ChallengeExpired(
                "acme", "alice@acme.example", Instant.EPOCH, "c-1", "sign-in");
        assertThat(Pattern.compile(key.path("pattern").asText()).matcher(event.recordKey()).matches()).isTrue();
        assertThat(key.path("description").asText()).contains("tenantId:userId");
    }

    @Test
    void noSchemaHasAPropertyThatLooksLikeASecretOrAFullPhoneNumber() {
        List<String> offending = new ArrayList<>();
        collectSecretLikeProperties(root.at("/components/schemas"), "components/schemas", offending);
        root.at("/components/messages").fields().forEachRemaining(message ->
                collectSecretLikeProperties(message.getValue().path("payload"),
                        "components/messages/" + message.getKey() + "/payload", offending));
        assertThat(offending).isEmpty();
    }

    @Test
    void theSecretCheckWouldCatchOne() {
        List<String> offending = new ArrayList<>();
        JsonNode schema = new YAMLMapper().createObjectNode().set("properties", new YAMLMapper().createObjectNode()
                .put("oneTimeCode", "x").put("phoneNumber", "x").put("number", "x").put("maskedNumber", "x")
                .put("apnsToken", "x").put("otp", "x"));
        collectSecretLikeProperties(schema, "test", offending);
        assertThat(offending).containsExactlyInAnyOrder(
                "test.oneTimeCode", "test.phoneNumber", "test.number", "test.apnsToken", "test.otp");
    }

    // --- schema against record ---------------------------------------------------------------

    private static void assertSchemaDescribes(JsonNode schema, Class<?> record, String path) {
        assertThat(record.isRecord()).as("%s is a record", record).isTrue();
        List<String> components = Arrays.stream(record.getRecordComponents()).map(RecordComponent::getName).toList();
        assertThat(schema.path("type").asText()).as("type of %s", path).isEqualTo("object");
        assertThat(fieldNames(schema.path("properties"))).as("properties of %s", path)
                .containsExactlyInAnyOrderElementsOf(components);
        // Records written before a field was added lack it, so only a field marked as added later
        // may be left out of required; anything else left out would be a forgotten line.
        List<String> addedLater = components.stream()
                .filter(name -> resolve(schema.path("properties").path(name)).hasNonNull("x-since"))
                .toList();
        assertThat(texts(schema.path("required"))).as("required of %s (all but x-since %s)", path, addedLater)
                .containsExactlyInAnyOrderElementsOf(components.stream().filter(name -> !addedLater.contains(name)).toList());
        for (RecordComponent component : record.getRecordComponents()) {
            assertSchemaDescribes(resolve(schema.path("properties").path(component.getName())),
                    component.getGenericType(), path + "." + component.getName());
        }
    }

    private static void assertSchemaDescribes(JsonNode schema, Type type, String path) {
        if (type == String.class) {
            assertThat(typeOf(schema)).as("type of %s", path).isEqualTo("string");
            assertThat(schema.path("format").asText()).as("format of %s", path).isNotEqualTo("date-time");
        } else if (type == Instant.class) {
            assertThat(typeOf(schema)).as("type of %s", path).isEqualTo("string");
            assertThat(schema.path("format").asText()).as("format of %s", path).isEqualTo("date-time");
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            assertThat(typeOf(schema)).as("type of %s", path).isEqualTo("integer");
        } else if (type == boolean.class || type == Boolean.class) {
            assertThat(typeOf(schema)).as("type of %s", path).isEqualTo("boolean");
        } else if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            assertThat(typeOf(schema)).as("type of %s", path).isEqualTo("array");
            assertSchemaDescribes(resolve(schema.path("items")), list.getActualTypeArguments()[0], path + "[]");
        } else if (type instanceof Class<?> record && record.isRecord()) {
            assertSchemaDescribes(schema, record, path);
        } else {
            throw new AssertionError("The contract test does not know how to check " + type + " at " + path);
        }
    }

    /**
     * The JSON type of a schema; a field a record may leave null is written as
     * {@code type: [string, 'null']} and counts as its non-null type.
     */
    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (!type.isArray()) {
            return type.asText();
        }
        List<String> types = new ArrayList<>(texts(type));
        assertThat(types).as("a union type is one type or null").hasSize(2).contains("null");
        types.remove("null");
        return types.get(0);
    }

    // --- finding things in the document -------------------------------------------------------

    /** The one component message whose {@code ce_type} header is the type's, as a local $ref. */
    private static String messageRefFor(EventType<?> type) {
        List<String> matches = new ArrayList<>();
        root.at("/components/messages").fields().forEachRemaining(message -> {
            if (resolve(message.getValue().path("headers")).at("/properties/ce_type/const").asText()
                    .equals(type.ceType())) {
                matches.add(MESSAGES + message.getKey());
            }
        });
        assertThat(matches).as("component messages with ce_type const %s", type.ceType()).hasSize(1);
        return matches.get(0);
    }

    private static String messageKey(String messageRef) {
        return messageRef.substring(MESSAGES.length());
    }

    private static String channelKeyFor(String address) {
        List<String> keys = new ArrayList<>();
        root.path("channels").fields().forEachRemaining(channel -> {
            if (channel.getValue().path("address").asText().equals(address)) {
                keys.add(channel.getKey());
            }
        });
        assertThat(keys).as("channels with address %s", address).hasSize(1);
        return keys.get(0);
    }

    private static JsonNode ref(String ref) {
        assertThat(ref).as("local reference").startsWith("#/");
        JsonNode target = root.at(JsonPointer.compile(ref.substring(1)));
        assertThat(target.isMissingNode()).as("%s resolves", ref).isFalse();
        return target;
    }

    /** Follows {@code $ref}s within this document. */
    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            assertThat(hops).as("reference chain length").isLessThan(10);
            current = ref(current.get("$ref").asText());
        }
        return current;
    }

    /** The {@code $ref}s of a list or map of references. */
    private static List<String> refs(JsonNode container) {
        List<String> refs = new ArrayList<>();
        container.forEach(item -> {
            if (item.has("$ref")) {
                refs.add(item.get("$ref").asText());
            }
        });
        return refs;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static void collectSecretLikeProperties(JsonNode node, String path, List<String> offending) {
        if (node.isObject()) {
            JsonNode properties = node.path("properties");
            if (properties.isObject()) {
                for (Map.Entry<String, JsonNode> property : (Iterable<Map.Entry<String, JsonNode>>) properties::fields) {
                    String name = property.getKey();
                    if (!name.equals("maskedNumber") && SECRET_LIKE.matcher(name).matches()) {
                        offending.add(path + "." + name);
                    }
                }
            }
            node.fields().forEachRemaining(child -> collectSecretLikeProperties(
                    child.getValue(), path + "/" + child.getKey(), offending));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectSecretLikeProperties(node.get(i), path + "/" + i, offending);
            }
        }
    }
}
