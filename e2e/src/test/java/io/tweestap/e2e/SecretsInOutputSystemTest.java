package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.SandboxPhone;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SignInJourney;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/**
 * OWASP ASVS: no secret in any service's log or any event. The seed journey is walked against the
 * four packaged services — one person enrols with an SMS, one with a call, each approves a sign-in on
 * the phone, one types a wrong number — and then every line of the four logs and every record on
 * every topic and dead-letter topic (key, value and headers) is scanned by {@link SecretsScan} for
 * this run's secrets (full phone numbers, every SMS and voice code the sandbox delivered, the
 * activation codes, the devices' private keys, the JWT signing key, the Kafka passwords, the
 * configured HMAC and signature keys) and for anything shaped like a token or a private key.
 * {@link SecretsScanTest} shows the scan catches each kind when it is planted.
 */
class SecretsInOutputSystemTest {

    private static final Narrator NARRATOR = Narrator.printing(System.out);
    private static final List<String> SERVICES = List.of("enrollment", "challenge", "notification", "sms");
    /** Names of settings whose values are secrets (base and dev profile, which the system tests run). */
    private static final Pattern SECRET_SETTING = Pattern.compile("(?:%dev\\.)?[a-z0-9.\\-]*(?:hmac-key|secret|password|private-key)");

    @Test
    void noServiceLogsOrPublishesASecretDuringTheSeedJourney() throws Exception {
        RunningTweestap platform = RunningTweestap.get();
        Authenticator phoneApp = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-secrets-")));
        Enrolled byText;
        Enrolled byCall;
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            byText = enrolment(platform, phoneApp, "acme").enrol(People.person("ilse", "nl", false), browser);
        }
        try (SetupWizardBrowser browser = new SetupWizardBrowser("en")) {
            byCall = enrolment(platform, phoneApp, "globex").enrol(People.person("ravi", "en", true), browser);
        }
        assertThat(signIns(platform, phoneApp, "acme").signIn(byText, Decision.APPROVE, true).status()).isEqualTo("APPROVED");
        assertThat(signIns(platform, phoneApp, "acme").signIn(byText, Decision.APPROVE, false).status()).isEqualTo("DENIED");
        assertThat(signIns(platform, phoneApp, "globex").signIn(byCall, Decision.APPROVE, true).status()).isEqualTo("APPROVED");

        SecretsScan scan = new SecretsScan();
        for (Enrolled person : List.of(byText, byCall)) {
            scan.phoneNumber(person.person().nationalNumber())
                    .value("activation code", person.activation().activationCode())
                    .value("device private key", person.account().privateKey());
            SandboxPhone phone = new SandboxPhone(platform.endpoints().vonageSandbox(), person.person().msisdn());
            phone.messages().forEach(sms -> scan.code("SMS code", sms.code()));
            phone.calls().forEach(call -> scan.code("voice code", call.code()));
        }
        scan.value("JWT signing key", pemBody(platform.jwtPrivateKey()));
        platform.kafkaPasswords().forEach(password -> scan.value("Kafka password", password));
        configuredSecrets().forEach((setting, value) -> scan.value("setting " + setting, value));

        List<SecretsScan.Finding> findings = new ArrayList<>();
        for (String svc : SERVICES) {
            Path log = platform.log(svc);
            assertThat(Files.size(log)).as(svc + " log").isPositive();
            findings.addAll(scan.scanFile(log));
        }
        List<ConsumerRecord<String, String>> records = everyRecord(platform, Set.of(
                "acme:" + byText.person().userId(), "globex:" + byCall.person().userId()));
        for (ConsumerRecord<String, String> record : records) {
            String where = record.topic() + "@" + record.partition() + ":" + record.offset();
            findings.addAll(scan.scan(where + " key", String.valueOf(record.key())));
            findings.addAll(scan.scan(where + " value", String.valueOf(record.value())));
            for (Header header : record.headers()) {
                findings.addAll(scan.scan(where + " " + header.key(), new String(header.value(), StandardCharsets.UTF_8)));
            }
        }
        NARRATOR.tell("secrets", "scanned " + SERVICES.size() + " service logs and " + records.size() + " records on "
                + records.stream().map(ConsumerRecord::topic).distinct().sorted().toList());
        assertThat(findings).as("secrets in logs or events").isEmpty();
    }

    private static EnrollmentJourney enrolment(RunningTweestap platform, Authenticator phoneApp, String tenant) {
        return new EnrollmentJourney(new PlatformCalls(platform.endpoints(), platform.tokens(), tenant), phoneApp,
                platform.endpoints().vonageSandbox(), NARRATOR);
    }

    private static SignInJourney signIns(RunningTweestap platform, Authenticator phoneApp, String tenant) {
        return new SignInJourney(new PlatformCalls(platform.endpoints(), platform.tokens(), tenant), phoneApp,
                platform.endpoints().vonageSandbox(), NARRATOR);
    }

    /**
     * Every record on every topic and dead-letter topic, once each main topic holds a record about
     * both people: by then the journey's events have been published (the relays publish in order).
     */
    private static List<ConsumerRecord<String, String>> everyRecord(RunningTweestap platform, Set<String> keys) {
        Map<String, Object> properties = new HashMap<>(platform.operationsKafkaClient());
        properties.put("group.id", "tweestap-operations-secrets-" + UUID.randomUUID());
        properties.put("auto.offset.reset", "earliest");
        properties.put("enable.auto.commit", "false");
        properties.put("metadata.max.age.ms", "1000");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Set<String> topics = Set.of("mfa.enrollment.events.v1", "mfa.challenge.events.v1", "mfa.notification.events.v1",
                "mfa.sms.events.v1");
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            reader.subscribe(Pattern.compile("mfa\\..*"));
            await("each topic holds the journey's events").atMost(Duration.ofSeconds(60)).until(() -> {
                reader.poll(Duration.ofMillis(500)).forEach(records::add);
                return topics.stream().allMatch(topic -> keys.stream().allMatch(key -> records.stream()
                        .anyMatch(record -> record.topic().equals(topic) && key.equals(record.key()))));
            });
            // Whatever else is already there (the dead-letter topics, later records): until a poll brings nothing.
            int before;
            do {
                before = records.size();
                reader.poll(Duration.ofSeconds(2)).forEach(records::add);
            } while (records.size() > before);
        }
        return records;
    }

    /** The body of a PEM file on one line, as it would appear if a key were logged. */
    private static String pemBody(Path pem) throws IOException {
        return Files.readAllLines(pem).stream().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
    }

    /** Secret settings the services run with here (base or dev profile), long enough to search for. */
    private static Map<String, String> configuredSecrets() throws IOException {
        Map<String, String> secrets = new HashMap<>();
        Path root = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();
        for (String svc : SERVICES) {
            Properties settings = new Properties();
            try (var in = Files.newBufferedReader(root.resolve(svc + "-service/src/main/resources/application.properties"))) {
                settings.load(in);
            }
            settings.stringPropertyNames().stream()
                    .filter(name -> SECRET_SETTING.matcher(name).matches())
                    .filter(name -> !name.endsWith("-path") && !name.endsWith(".location"))
                    .forEach(name -> {
                        String value = settings.getProperty(name).trim();
                        // The local databases' passwords are their role names (and so in every database
                        // URL and consumer group name); the scan looks for keys that are secret here.
                        boolean roleName = value.equals(settings.getProperty("quarkus.datasource.username"))
                                || value.equals(settings.getProperty("%dev.quarkus.datasource.username"));
                        if (value.length() >= 12 && !value.contains("${") && !roleName) {
                            secrets.put(svc + ":" + name, value);
                        }
                    });
        }
        return secrets;
    }
}
