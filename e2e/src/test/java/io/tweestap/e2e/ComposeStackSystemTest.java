package io.tweestap.e2e;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.SandboxPhone;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SignInJourney;
import io.tweestap.e2e.journey.SignInJourney.SignIn;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml for real (issue 14, decision 0074): {@code deploy/compose/stack} starts a private Docker
 * engine, builds every image on this machine (the services from their Dockerfile.jvm on a Debian base made with
 * debootstrap; stand-ins for Kafka, PostgreSQL and the Vonage sandbox), runs {@code docker-compose up} and waits
 * for every healthcheck. Then the seed guide is walked against the containers exactly as
 * {@link SeedGuideSystemTest} walks it against processes, with the code by SMS and by "call me", and
 * {@code down -v} leaves nothing behind. The services
 * run as compose gives them: the {@code prod} profile, the environment and mounts of the file, the other services
 * by their names on the compose network.
 *
 * <p>Runs where docker, dockerd, docker-compose and debootstrap are installed and it may start dockerd (root);
 * deploy/local/test installs them and sets TWEESTAP_COMPOSE_STACK=required, so CI fails rather than skips.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackSystemTest {

    private static final Narrator NARRATOR = Narrator.printing(System.out);
    private static final List<String> COMPOSE_SERVICES = List.of("kafka", "kafka-init", "postgres", "vonage-sandbox",
            "enrollment-service", "challenge-service", "notification-service", "sms-service");

    private static ComposeStack stack;
    private static Authenticator phoneApp;
    private static Enrolled noor;

    @BeforeAll
    static void composeUp() throws Exception {
        String missing = ComposeStack.missingPrerequisite();
        if ("required".equals(System.getenv("TWEESTAP_COMPOSE_STACK"))) {
            assertThat(missing).as("TWEESTAP_COMPOSE_STACK=required, but").isNull();
        }
        Assumptions.assumeTrue(missing == null, () -> "compose stack not run here: " + missing);
        stack = new ComposeStack();
        Instant start = Instant.now();
        int exit = stack.up();
        assertThat(exit).as("deploy/compose/stack up (output in %s)", stack.log()).isZero();
        NARRATOR.tell("figures", "compose stack built and healthy in " + Duration.between(start, Instant.now()).toSeconds()
                + " s; host ports " + stack.ports());
        phoneApp = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-compose-authenticator-")));
    }

    @AfterAll
    static void composeDown() {
        if (stack != null) {
            String output = stack.down();
            NARRATOR.tell("e2e", "compose down: " + output.strip().replace('\n', ' '));
            assertThat(ComposeStack.exitCode(output)).as(output).isZero();
        }
    }

    private static EnrollmentJourney enrolment(String tenant) {
        return new EnrollmentJourney(new PlatformCalls(stack.endpoints(), stack.tokens(), tenant), phoneApp,
                stack.endpoints().vonageSandbox(), NARRATOR);
    }

    private static SignInJourney signIns(String tenant) {
        return new SignInJourney(new PlatformCalls(stack.endpoints(), stack.tokens(), tenant), phoneApp,
                stack.endpoints().vonageSandbox(), NARRATOR);
    }

    @Test
    @Order(1)
    void everyContainerOfTheComposeFileRunsHealthy() {
        String states = stack.states();
        assertThat(ComposeStack.exitCode(states)).as(states).isZero();
        for (String service : COMPOSE_SERVICES) {
            String expected = switch (service) {
                case "kafka-init" -> service + " exited - 0 ";
                case "vonage-sandbox" -> service + " running - ";
                default -> service + " running healthy ";
            };
            assertThat(states).as(service).contains("  " + expected);
        }
    }

    @Test
    @Order(2)
    void theContainersRefuseAPlatformCallWithoutAToken() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                stack.endpoints().enrollment().resolve("/api/v1/users/someone@example.org/registration")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(401);
    }

    @Test
    @Order(3)
    void aDutchEmployeeWalksTheGuideThroughTheContainersAndApprovesASignIn() throws Exception {
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl"); PlatformPortal portal = new PlatformPortal()) {
            URI signedIn = portal.page("/payroll/signed-in");
            noor = enrolment("acme").returningTo(signedIn).enrol(People.person("noor", "nl", false), browser);
            assertThat(noor.finishedAt()).isEqualTo(signedIn.toString());
        }
        String masked = "+31 6 ****" + noor.person().nationalNumber().substring(6);
        assertThat(noor.methodsShown()).containsExactly("Authenticator-app: noor's phone", "Telefoon: " + masked);
        PlatformCalls.Answer registration = new PlatformCalls(stack.endpoints(), stack.tokens(), "acme")
                .registration(noor.person().userId()).expect(200);
        assertThat(registration.text("standing")).isEqualTo("REGISTERED");

        SignIn signIn = signIns("acme").signIn(noor, Decision.APPROVE, true);
        assertThat(signIn.status()).isEqualTo("APPROVED");
        NARRATOR.tell("figures", String.format("compose: wizard %d ms; sign-in created -> push %.1f ms, -> APPROVED %.1f ms",
                noor.took().toMillis(), signIn.createdToPush().toNanos() / 1e6, signIn.createdToDecided().toNanos() / 1e6));
    }

    @Test
    @Order(4)
    void aWrongNumberTypedOnThePhoneDenies() throws Exception {
        SignIn signIn = signIns("acme").signIn(noor, Decision.APPROVE, false);
        assertThat(signIn.status()).isEqualTo("DENIED");
        assertThat(signIn.reason()).isEqualTo("WRONG_NUMBER");
    }

    @Test
    @Order(5)
    void anEnglishSpeakerEnrolsWithACallInsteadOfAnSmsAndDeniesASignIn() throws Exception {
        Enrolled sam;
        // "Call me": sms-service places the call as the Vonage application docker-compose.yml names (id,
        // and the key in deploy/compose/vonage); the journey fails if the sandbox refused the call.
        try (SetupWizardBrowser browser = new SetupWizardBrowser("en")) {
            sam = enrolment("globex").enrol(People.person("sam", "en", true), browser);
        }
        assertThat(sam.methodsShown()).containsExactly("Authenticator app: sam's phone",
                "Phone: +31 6 ****" + sam.person().nationalNumber().substring(6));
        assertThat(sam.finishedAt()).isEqualTo("You can close this page now.");
        SandboxPhone phone = new SandboxPhone(stack.endpoints().vonageSandbox(), sam.person().msisdn());
        assertThat(phone.calls()).hasSize(1).allMatch(SandboxPhone.Call::placed);
        assertThat(phone.messages()).as("text messages to a person who chose a call").isEmpty();
        NARRATOR.tell("figures", String.format("compose, by call: wizard %d ms", sam.took().toMillis()));

        SignIn signIn = signIns("globex").signIn(sam, Decision.DENY, true);
        assertThat(signIn.status()).isEqualTo("DENIED");
        assertThat(signIn.reason()).isEqualTo("USER_DENIED");
    }
}
