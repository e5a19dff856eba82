package io.tweestap.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tweestap.events.challenge.ChallengeExpired;
import io.tweestap.events.enrollment.DeviceRegistered;
import io.tweestap.events.enrollment.PushChannel;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class EventCatalogueTest {

    private static final Pattern CE_TYPE = Pattern.compile("tweestap\\.([a-z]+)\\.([A-Z][A-Za-z0-9]*)\\.v1");
    private static final Pattern SECRET_LIKE = Pattern.compile(
            "(?i).*(code|secret|token|password|passwd|otp|privatekey|phonenumber|msisdn).*|(?i)number|(?i)phone");

    @Test
    void ceTypesAreUniqueAndNameServiceRecordAndVersion() {
        List<String> ceTypes = EventCatalogue.ALL.stream().map(EventType::ceType).toList();
        assertThat(ceTypes).doesNotHaveDuplicates();
        assertThat(EventCatalogue.ALL.stream().map(EventType::payloadClass).toList()).doesNotHaveDuplicates();
        for (EventType<?> type : EventCatalogue.ALL) {
            var matcher = CE_TYPE.matcher(type.ceType());
            assertThat(matcher.matches()).as("%s matches %s", type.ceType(), CE_TYPE).isTrue();
            assertThat(matcher.group(1)).as("service of %s", type.ceType()).isEqualTo(type.topic().service());
            assertThat(matcher.group(2)).as("name of %s", type.ceType())
                    .isEqualTo(type.payloadClass().getSimpleName());
            assertThat(type.version()).isEqualTo(1);
        }
    }

    @Test
    void ceTypeSpellsTheDocumentedForm() {
        assertThat(EventType.of(Topic.ENROLLMENT, DeviceRegistered.class).ceType())
                .isEqualTo("tweestap.enrollment.DeviceRegistered.v1");
        assertThat(new EventType<>(Topic.CHALLENGE, ChallengeExpired.class, 2).ceType())
                .isEqualTo("tweestap.challenge.ChallengeExpired.v2");
    }

    @Test
    void everyEventLivesInThePackageOfItsTopicsService() {
        for (EventType<?> type : EventCatalogue.ALL) {
            assertThat(type.payloadClass().getPackageName()).as("package of %s", type.ceType())
                    .isEqualTo("io.tweestap.events." + type.topic().service());
            assertThat(type.payloadClass().isRecord()).as("%s is a record", type.payloadClass()).isTrue();
        }
    }

    @Test
    void everyTopicHasEvents() {
        assertThat(EventCatalogue.ALL.stream().map(EventType::topic).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(Topic.values());
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyEventRecordInTheTopicsPackageIsCatalogued(Topic topic) throws Exception {
        List<Class<?>> records = compiledRecords(topic.service());
        Set<Class<?>> catalogued = EventCatalogue.ALL.stream()
                .map(EventType::payloadClass).collect(Collectors.toSet());
        List<Class<?>> events = records.stream().filter(TweestapEvent.class::isAssignableFrom).toList();

        assertThat(events).as("event records compiled in package %s", topic.service()).isNotEmpty();
        assertThat(events).as("event records of %s missing from EventCatalogue.ALL", topic.service())
                .allMatch(catalogued::contains);
        assertThat(EventCatalogue.ALL.stream().filter(type -> type.topic() == topic)
                .<Class<?>>map(EventType::payloadClass).toList())
                .as("catalogued events of %s", topic)
                .containsExactlyInAnyOrderElementsOf(events);
    }

    @ParameterizedTest
    @EnumSource(Topic.class)
    void everyOtherRecordInTheTopicsPackageIsAPartOfAnEvent(Topic topic) throws Exception {
        Set<Class<?>> parts = new HashSet<>();
        EventCatalogue.ALL.forEach(type -> collectRecordParts(type.payloadClass(), parts));
        List<Class<?>> others = compiledRecords(topic.service()).stream()
                .filter(record -> !TweestapEvent.class.isAssignableFrom(record))
                .toList();
        assertThat(others).as("records of %s that are neither events nor part of one", topic.service())
                .allMatch(parts::contains);
    }

    @Test
    void theClassScanFindsWhatTheCatalogueHas() throws Exception {
        assertThat(compiledRecords("enrollment")).contains(DeviceRegistered.class, PushChannel.class);
        assertThat(compiledRecords("challenge")).contains(ChallengeExpired.class);
    }

    @Test
    void looksUpTypesByEventAndByCeType() {
        for (EventType<?> type : EventCatalogue.ALL) {
            assertThat(EventCatalogue.byCeType(type.ceType())).contains(type);
        }
        assertThat(EventCatalogue.byCeType("tweestap.enrollment.SomethingNew.v1")).isEmpty();
        assertThat(EventCatalogue.byCeType("tweestap.enrollment.DeviceRegistered.v2")).isEmpty();

        ChallengeExpired expired = new ChallengeExpired("acme", "alice", Instant.EPOCH, "c-1", "sign-in");
        assertThat(EventCatalogue.typeOf(expired).ceType()).isEqualTo("tweestap.challenge.ChallengeExpired.v1");
        assertThat(EventCatalogue.typeOf(expired).topic()).isEqualTo(Topic.CHALLENGE);
        assertThatThrownBy(() -> EventCatalogue.typeOf(new Uncatalogued("acme", "alice", Instant.EPOCH)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Uncatalogued");
    }

    @ParameterizedTest
    @CsvSource({
        "ENROLLMENT,   enrollment,   mfa.enrollment.events.v1,   mfa.enrollment.events.v1.dlq,   /tweestap/enrollment-service",
        "CHALLENGE,    challenge,    mfa.challenge.events.v1,    mfa.challenge.events.v1.dlq,    /tweestap/challenge-service",
        "NOTIFICATION, notification, mfa.notification.events.v1, mfa.notification.events.v1.dlq, /tweestap/notification-service",
        "SMS,          sms,          mfa.sms.events.v1,          mfa.sms.events.v1.dlq,          /tweestap/sms-service"
    })
    void topicNamesDeadLetterTopicsAndSources(Topic topic, String service, String name, String deadLetters, String source) {
        assertThat(topic.service()).isEqualTo(service);
        assertThat(topic.topicName()).isEqualTo(name);
        assertThat(topic.deadLetterTopicName()).isEqualTo(deadLetters);
        assertThat(topic.source()).isEqualTo(URI.create(source));
        assertThat(Topic.ofTopicName(name)).isSameAs(topic);
    }

    @Test
    void everyTopicIsListedAbove() {
        assertThat(Topic.values()).hasSize(4);
    }

    @Test
    void deadLetterTopicsAreNotTopics() {
        assertThatThrownBy(() -> Topic.ofTopicName("mfa.enrollment.events.v1.dlq"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Topic.ofTopicName("mfa.enrollment.events.v2"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordKeyIsTenantColonUser() {
        ChallengeExpired expired = new ChallengeExpired("acme", "alice@acme.example", Instant.EPOCH, "c-1", "sign-in");
        assertThat(expired.recordKey()).isEqualTo("acme:alice@acme.example");
        assertThat(new Uncatalogued("t-9", "u-1", Instant.EPOCH).recordKey()).isEqualTo("t-9:u-1");
    }

    @Test
    void noEventFieldLooksLikeASecretOrAFullPhoneNumber() {
        Set<Class<?>> records = new HashSet<>();
        EventCatalogue.ALL.forEach(type -> collectRecordParts(type.payloadClass(), records));
        List<String> offending = new ArrayList<>();
        for (Class<?> record : records) {
            for (RecordComponent component : record.getRecordComponents()) {
                if (!component.getName().equals("maskedNumber") && SECRET_LIKE.matcher(component.getName()).matches()) {
                    offending.add(record.getSimpleName() + "." + component.getName());
                }
            }
        }
        assertThat(offending).isEmpty();
        assertThat(SECRET_LIKE.matcher("verificationCode").matches()).isTrue();
        assertThat(SECRET_LIKE.matcher("phoneNumber").matches()).isTrue();
        assertThat(SECRET_LIKE.matcher("phoneId").matches()).isFalse();
    }

    /** Every record compiled into {@code io.tweestap.events.<service>} (the main output, target/classes). */
    private static List<Class<?>> compiledRecords(String service) throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(TweestapEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path dir = classes.resolve(Path.of("io", "tweestap", "events", service));
        assertThat(dir).as("compiled classes of package %s", service).isDirectory();
        List<Class<?>> records = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".class")).sorted().toList()) {
                String simpleName = file.getFileName().toString().replaceFirst("\\.class$", "");
                Class<?> type = Class.forName("io.tweestap.events." + service + "." + simpleName);
                if (type.isRecord()) {
                    records.add(type);
                }
            }
        }
        return records;
    }

    /** The record and every record it contains, directly or in a list. */
    private static void collectRecordParts(Class<?> record, Set<Class<?>> parts) {
        if (!parts.add(record)) {
            return;
        }
        for (RecordComponent component : record.getRecordComponents()) {
            Type type = component.getGenericType();
            if (type instanceof ParameterizedType generic) {
                Arrays.stream(generic.getActualTypeArguments())
                        .filter(argument -> argument instanceof Class<?> c && c.isRecord())
                        .forEach(argument -> collectRecordParts((Class<?>) argument, parts));
            } else if (type instanceof Class<?> c && c.isRecord()) {
                collectRecordParts(c, parts);
            }
        }
    }

    private record Uncatalogued(String tenantId, String userId, Instant occurredAt) implements TweestapEvent {

        @Override
        public String subject() {
            return null;
        }
    }
}
