package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SignInJourney;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import io.tweestap.events.EventCatalogue;
import io.tweestap.events.EventType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The operations dashboard and alerts in {@code deploy/dashboards} graph what the running services
 * really expose: after a person enrols and signs in, every metric a panel or alert queries is on some
 * service's {@code /q/metrics}, and every event type they filter on is in the catalogue. A renamed
 * meter or event breaks this test instead of leaving an empty panel in production.
 */
class OperationsDashboardSystemTest {

    private static final Path ROOT = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("\\b((?:tweestap|http_server)_[a-z0-9_]+)\\b");
    private static final Pattern TYPE_FILTER = Pattern.compile("type(=~|=)\"([^\"]+)\"");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyPanelAndAlertQueriesWhatTheRunningServicesExpose() throws Exception {
        List<String> queries = dashboardQueries();
        queries.addAll(alertQueries());
        assertThat(queries).hasSizeGreaterThan(20);

        RunningTweestap platform = RunningTweestap.get();
        PlatformCalls calls = new PlatformCalls(platform.endpoints(), platform.tokens(), "operations");
        Authenticator phoneApp = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-ops-")));
        Narrator narrator = Narrator.printing(System.out);
        EnrollmentJourney enrolment = new EnrollmentJourney(calls, phoneApp, platform.endpoints().vonageSandbox(), narrator);
        SignInJourney signIns = new SignInJourney(calls, phoneApp, platform.endpoints().vonageSandbox(), narrator);
        Enrolled person;
        try (SetupWizardBrowser browser = new SetupWizardBrowser("en")) {
            person = enrolment.enrol(People.person("ops", "en", false), browser);
        }
        assertThat(signIns.signIn(person, Decision.APPROVE, true).status()).isEqualTo("APPROVED");

        Set<String> queried = new LinkedHashSet<>();
        for (String query : queries) {
            Matcher metric = METRIC.matcher(query);
            while (metric.find()) {
                queried.add(metric.group(1));
            }
        }
        // The journey's last events reach the broker a moment after the long-poll saw APPROVED.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> exposesWhatIsQueried(platform, queried));
    }

    private static void exposesWhatIsQueried(RunningTweestap platform, Set<String> queried) throws Exception {
        Map<String, String> scrapes = Map.of(
                "enrollment-service", scrape(platform.endpoints().enrollment()),
                "challenge-service", scrape(platform.endpoints().challenge()),
                "notification-service", scrape(platform.endpoints().notification()),
                "sms-service", scrape(platform.endpoints().sms()));
        for (String metric : queried) {
            assertThat(scrapes.values()).as("a service exposes " + metric)
                    .anyMatch(scrape -> scrape.lines().anyMatch(line -> line.startsWith(metric + "{")
                            || line.startsWith(metric + " ")));
        }
        // Every service publishes through the outbox, so every one shows its backlog and delay.
        scrapes.forEach((service, scrape) -> assertThat(scrape).as(service)
                .contains("tweestap_outbox_backlog_events", "tweestap_outbox_delay_seconds_bucket"));
        // The sign-in and enrolment just made are counted where the panels look for them.
        assertThat(sample(scrapes.get("challenge-service"), "tweestap_events_published_total",
                "type=\"tweestap.challenge.ChallengeApproved.v1\"")).isGreaterThanOrEqualTo(2);
        assertThat(sample(scrapes.get("enrollment-service"), "tweestap_events_published_total",
                "type=\"tweestap.enrollment.EnrollmentCompleted.v1\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(scrapes.get("sms-service"), "tweestap_events_published_total",
                "type=\"tweestap.sms.SmsSent.v1\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(scrapes.get("notification-service"), "tweestap_events_published_total",
                "type=\"tweestap.notification.NotificationDelivered.v1\"")).isGreaterThanOrEqualTo(1);
        assertThat(sample(scrapes.get("enrollment-service"), "tweestap_events_consumed_total",
                "outcome=\"applied\"", "type=\"tweestap.challenge.ChallengeApproved.v1\"")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void everyEventTypeThePanelsFilterOnIsInTheCatalogue() throws Exception {
        List<String> queries = dashboardQueries();
        queries.addAll(alertQueries());
        List<String> catalogue = EventCatalogue.ALL.stream().map(EventType::ceType).toList();
        int filters = 0;
        for (String query : queries) {
            Matcher filter = TYPE_FILTER.matcher(query);
            while (filter.find()) {
                filters++;
                String value = filter.group(2).replace("\\\\", "\\");
                if (filter.group(1).equals("=")) {
                    assertThat(catalogue).as(query).contains(value);
                } else {
                    // Each alternative of (A|B|C) must name exactly one catalogued type.
                    Pattern regex = Pattern.compile(value);
                    long matched = catalogue.stream().filter(type -> regex.matcher(type).matches()).count();
                    long alternatives = value.chars().filter(c -> c == '|').count() + 1;
                    assertThat(matched).as(value).isEqualTo(alternatives);
                }
            }
        }
        assertThat(filters).isGreaterThan(10);
    }

    /** Imported into any Grafana, the dashboard asks which Prometheus to read instead of assuming one named "prometheus". */
    @Test
    void everyPanelReadsThePrometheusChosenInTheDataSourceVariable() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/dashboards/grafana/tweestap-operations.json").toFile());
        JsonNode variable = dashboard.path("templating").path("list").get(0);
        assertThat(variable.path("name").asText()).isEqualTo("datasource");
        assertThat(variable.path("type").asText()).isEqualTo("datasource");
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        List<JsonNode> sources = dashboard.findValues("datasource").stream().filter(JsonNode::isObject).toList();
        assertThat(sources).hasSizeGreaterThan(20)
                .allSatisfy(source -> assertThat(source.path("uid").asText()).isEqualTo("${datasource}"));
        // No success among the failures, and the long-poll (which waits for the person) not among the slow requests.
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            String queries = panel.findValues("expr").toString();
            if (title.startsWith("Wrong codes")) {
                assertThat(queries).as(title).contains("SmsVerificationFailed").doesNotContain("SmsVerified|")
                        .doesNotContain("|SmsVerified)");
            }
            if (title.startsWith("Slowest")) {
                assertThat(queries).as(title).contains("uri!=\\\"/api/v1/challenges/{challengeId}\\\"");
            }
        }
    }

    private static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(
                ROOT.resolve("deploy/dashboards/grafana/tweestap-operations.json").toFile());
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asText()));
        return queries;
    }

    private static List<String> alertQueries() throws Exception {
        JsonNode alerts = new ObjectMapper(new YAMLFactory()).readTree(
                ROOT.resolve("deploy/dashboards/tweestap-alerts.yml").toFile());
        return alerts.findValues("expr").stream().map(JsonNode::asText).collect(Collectors.toCollection(ArrayList::new));
    }

    private static String scrape(URI service) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(service.resolve("/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** The value of the first sample of {@code metric} whose labels contain all of {@code labels}. */
    private static double sample(String scrape, String metric, String... labels) {
        return scrape.lines()
                .filter(line -> line.startsWith(metric + "{"))
                .filter(line -> List.of(labels).stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }
}
