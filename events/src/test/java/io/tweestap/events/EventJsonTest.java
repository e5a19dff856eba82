package io.tweestap.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tweestap.events.challenge.ChallengeCreated;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.EnrollmentStarted;
import io.tweestap.events.enrollment.PushChannel;
import io.tweestap.events.notification.NotificationDelivered;
import io.tweestap.events.sms.SmsDeliveryFailed;
import io.tweestap.events.sms.SmsSendRefused;
import io.tweestap.events.sms.SmsVerificationFailed;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventJsonTest {

    private static final ObjectMapper PLAIN = new ObjectMapper();
    private static final Instant OCCURRED = Instant.parse("2025-03-01T09:15:30.123456789Z");

    private static final DeviceRegistered DEVICE_REGISTERED = new DeviceRegistered("acme", "alice@acme.example",
            OCCURRED, "dev-1", "enr-1", "Alice's phone", "android", "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE",
            List.of(new PushChannel("direct", "ws-7"), new PushChannel("fcm", "fcm-token-value")));
    private static final ChallengeCreated CHALLENGE_CREATED = new ChallengeCreated("acme", "alice@acme.example",
            OCCURRED, "ch-1", "sign-in", "Payroll", "192.0.2.10", "Utrecht, NL", List.of("dev-1", "dev-2"),
            Instant.parse("2025-03-01T09:17:30Z"), ChallengeCreated.PUSH);
    private static final EnrollmentStarted ENROLLMENT_STARTED = new EnrollmentStarted("acme", "bob", OCCURRED,
            "enr-2", Instant.parse("2025-03-01T09:30:30.123Z"));

    static Stream<TweestapEvent> examples() {
        return Stream.of(DEVICE_REGISTERED, CHALLENGE_CREATED, ENROLLMENT_STARTED,
                new NotificationDelivered("acme", "alice", OCCURRED, "ch-1", "dev-1", "apns", 1234L),
                new SmsVerificationFailed("acme", "alice", OCCURRED, "ver-1", "wrong-code", 0),
                new SmsSendRefused("acme", "alice", OCCURRED, null, null, "sms", "invalid-number"),
                new DeviceRegistered("acme", "alice", OCCURRED, "dev-3", "enr-3", "Tablet", "ios", "key", List.of()));
    }

    /** One instance of every catalogued event type, with a value in every field. */
    static Stream<Arguments> everyCataloguedType() {
        return EventCatalogue.ALL.stream().map(type -> Arguments.of(type.ceType(), sample(type.payloadClass())));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void roundTripGivesTheSameEvent(TweestapEvent event) {
        assertThat(EventJson.read(EventJson.write(event), event.getClass())).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCataloguedType")
    void everyCataloguedTypeRoundTrips(String ceType, TweestapEvent event) throws Exception {
        String json = EventJson.write(event);
        assertThat(EventJson.read(json, event.getClass())).isEqualTo(event);
        assertThat(fieldNames(PLAIN.readTree(json))).as("JSON fields of %s", ceType)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(event.getClass().getRecordComponents())
                        .map(RecordComponent::getName).toList());
    }

    /** The outbox takes ce_subject from the event: it must be what the event carries, not a field of its own. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCataloguedType")
    void everyCataloguedTypeNamesItsSubjectFromWhatItCarries(String ceType, TweestapEvent event) throws Exception {
        List<Object> carried = new ArrayList<>();
        for (RecordComponent component : event.getClass().getRecordComponents()) {
            carried.add(component.getAccessor().invoke(event));
        }
        carried.add(event.recordKey());
        if (event.subject() != null) {
            assertThat(carried).as("subject of %s", ceType).contains(event.subject());
        }
    }

    /** A ChallengeCreated written before the method was added (still on the topic at an upgrade) is a push. */
    @Test
    void aChallengeCreatedWithoutItsMethodIsAPush() throws Exception {
        ObjectNode json = (ObjectNode) PLAIN.readTree(EventJson.write(CHALLENGE_CREATED));
        json.remove("method");
        ChallengeCreated old = EventJson.read(json.toString(), ChallengeCreated.class);
        assertThat(old.method()).isNull();
        assertThat(old.pushed()).isTrue();
        ChallengeCreated sms = EventJson.read(json.put("method", "SMS").toString(), ChallengeCreated.class);
        assertThat(sms.pushed()).isFalse();
    }

    @Test
    void writesInstantsAsIso8601Strings() throws Exception {
        JsonNode json = PLAIN.readTree(EventJson.write(CHALLENGE_CREATED));
        assertThat(json.get("occurredAt").isTextual()).isTrue();
        assertThat(json.get("occurredAt").asText()).isEqualTo("2025-03-01T09:15:30.123456789Z");
        assertThat(json.get("expiresAt").asText()).isEqualTo("2025-03-01T09:17:30Z");
        assertThat(json.get("deviceIds").isArray()).isTrue();

        JsonNode started = PLAIN.readTree(EventJson.write(ENROLLMENT_STARTED));
        assertThat(started.get("linkExpiresAt").asText()).isEqualTo("2025-03-01T09:30:30.123Z");
    }

    @Test
    void writesListsOfRecordsAsArraysOfObjects() throws Exception {
        JsonNode channels = PLAIN.readTree(EventJson.write(DEVICE_REGISTERED)).get("pushChannels");
        assertThat(channels.isArray()).isTrue();
        assertThat(channels.get(1).get("kind").asText()).isEqualTo("fcm");
        assertThat(channels.get(1).get("address").asText()).isEqualTo("fcm-token-value");
    }

    @Test
    void writesAFieldLeftNullAsNullSoEveryFieldIsAlwaysPresent() throws Exception {
        JsonNode json = PLAIN.readTree(EventJson.write(
                new SmsSendRefused("acme", "alice", OCCURRED, null, null, "sms", "invalid-number")));
        assertThat(json.has("verificationId")).isTrue();
        assertThat(json.get("verificationId").isNull()).isTrue();
        assertThat(json.get("maskedNumber").isNull()).isTrue();
    }

    @Test
    void readsIso8601InstantsWithAnOffset() {
        String json = """
                {"tenantId":"acme","userId":"bob","occurredAt":"2025-03-01T10:15:30.123456789+01:00",
                 "enrollmentId":"enr-2","linkExpiresAt":"2025-03-01T09:30:30.123Z"}""";
        assertThat(EventJson.read(json, EnrollmentStarted.class)).isEqualTo(ENROLLMENT_STARTED);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() throws Exception {
        ObjectNode json = (ObjectNode) PLAIN.readTree(EventJson.write(DEVICE_REGISTERED));
        json.put("addedInALaterRelease", "x");
        json.putObject("nestedNewThing").put("a", 1).putArray("b").add(2);
        ((ObjectNode) json.get("pushChannels").get(0)).put("priority", "high");

        assertThat(EventJson.read(json.toString(), DeviceRegistered.class)).isEqualTo(DEVICE_REGISTERED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenantId", "userId", "occurredAt"})
    void rejectsAnEventWithoutARequiredField(String field) throws Exception {
        ObjectNode json = (ObjectNode) PLAIN.readTree(EventJson.write(CHALLENGE_CREATED));
        json.remove(field);

        assertThatThrownBy(() -> EventJson.read(json.toString(), ChallengeCreated.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("ChallengeCreated");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenantId", "userId", "occurredAt"})
    void rejectsAnEventWithANullRequiredField(String field) throws Exception {
        ObjectNode json = (ObjectNode) PLAIN.readTree(EventJson.write(CHALLENGE_CREATED));
        json.putNull(field);

        assertThatThrownBy(() -> EventJson.read(json.toString(), ChallengeCreated.class))
                .isInstanceOf(MalformedEventException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tenantId", "userId"})
    void rejectsABlankTenantOrUser(String field) throws Exception {
        ObjectNode json = (ObjectNode) PLAIN.readTree(EventJson.write(CHALLENGE_CREATED));
        json.put(field, "  ");

        assertThatThrownBy(() -> EventJson.read(json.toString(), ChallengeCreated.class))
                .isInstanceOf(MalformedEventException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"tenantId\":\"acme\",\"userId\":",
        "not json at all",
        "null",
        "[]",
        "42",
        "{\"tenantId\":\"acme\",\"userId\":\"bob\",\"occurredAt\":\"yesterday\"}",
        "{\"tenantId\":\"acme\",\"userId\":\"bob\",\"occurredAt\":\"2025-03-01T09:15:30Z\",\"deviceIds\":{\"a\":1}}",
        "{\"tenantId\":\"acme\",\"userId\":\"bob\",\"occurredAt\":\"2025-03-01T09:15:30Z\",\"expiresAt\":[1,2,\"x\"]}"
    })
    void rejectsBrokenJson(String json) {
        assertThatThrownBy(() -> EventJson.read(json, ChallengeCreated.class))
                .isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("ChallengeCreated");
    }

    @Test
    void readsASmsDeliveryFailedPublishedBeforeItHadAChannel() {
        // Exactly as sms-service wrote it before decision 0061; such records stay on the topic.
        String json = """
                {"tenantId":"acme","userId":"alice","occurredAt":"2025-03-01T09:15:30.123456Z",
                 "verificationId":"ver-1","maskedNumber":"+31 6 ****5678","reason":"voice-busy"}""";

        assertThat(EventJson.read(json, SmsDeliveryFailed.class)).isEqualTo(new SmsDeliveryFailed("acme", "alice",
                Instant.parse("2025-03-01T09:15:30.123456Z"), "ver-1", "+31 6 ****5678", "voice-busy", null));
    }

    @Test
    void writesTheChannelOfASmsDeliveryFailed() throws Exception {
        JsonNode json = PLAIN.readTree(EventJson.write(new SmsDeliveryFailed("acme", "alice", OCCURRED, "ver-1",
                "+31 6 ****5678", "voice-busy", "VOICE")));
        assertThat(json.get("channel").asText()).isEqualTo("VOICE");
        assertThat(json.get("reason").asText()).isEqualTo("voice-busy");
    }

    @Test
    void readsTheSmallestValidEvent() {
        String json = "{\"tenantId\":\"acme\",\"userId\":\"bob\",\"occurredAt\":\"2025-03-01T09:15:30Z\"}";
        ChallengeCreated event = EventJson.read(json, ChallengeCreated.class);
        assertThat(event.recordKey()).isEqualTo("acme:bob");
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2025-03-01T09:15:30Z"));
    }

    // --- sample instances -----------------------------------------------------------------------

    private static TweestapEvent sample(Class<? extends TweestapEvent> type) {
        return (TweestapEvent) sampleRecord(type);
    }

    private static Object sampleRecord(Class<?> record) {
        RecordComponent[] components = record.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = sampleValue(components[i].getGenericType(), components[i].getName(), i);
        }
        try {
            Constructor<?> constructor = record.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Cannot build a sample " + record.getSimpleName(), e);
        }
    }

    private static Object sampleValue(Type type, String name, int index) {
        if (type == String.class) {
            return name + "-value";
        } else if (type == Instant.class) {
            return OCCURRED.plusSeconds(index).plusNanos(index);
        } else if (type == int.class || type == Integer.class) {
            return 7 + index;
        } else if (type == long.class || type == Long.class) {
            return 10_000_000_000L + index;
        } else if (type == boolean.class || type == Boolean.class) {
            return true;
        } else if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            Type element = list.getActualTypeArguments()[0];
            return List.of(sampleValue(element, name, index), sampleValue(element, name + "2", index + 1));
        } else if (type instanceof Class<?> record && record.isRecord()) {
            return sampleRecord(record);
        }
        throw new AssertionError("No sample value for " + type + " " + name);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
