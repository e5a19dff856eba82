package io.tweestap.e2e;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authenticator as a person runs it: the packaged jar
 * ({@code java -jar authenticator/target/tweestap-authenticator.jar}) in its own process, answering
 * sign-ins on the running platform with the account linked in the wizard.
 */
class AuthenticatorCommandLineSystemTest {

    private static final Narrator NARRATOR = Narrator.printing(System.out);

    private static RunningTweestap platform;
    private static Path store;
    private static PlatformCalls hooli;
    private static Enrolled daan;

    /** What the program printed and how it ended. */
    record Run(int exitCode, String output) {
    }

    @BeforeAll
    static void linkAnAccount() throws Exception {
        platform = RunningTweestap.get();
        store = Files.createTempDirectory("tweestap-e2e-cli-");
        hooli = new PlatformCalls(platform.endpoints(), platform.tokens(), "hooli");
        try (SetupWizardBrowser browser = new SetupWizardBrowser("nl")) {
            daan = new EnrollmentJourney(hooli, new Authenticator(new AccountStore(store)),
                    platform.endpoints().vonageSandbox(), NARRATOR).enrol(People.person("daan", "nl", false), browser);
        }
    }

    @Test
    void aPersonApprovesAndDeniesSignInsFromTheCommandLine() throws Exception {
        assertThat(cli("accounts").output()).contains(daan.person().userId(), daan.account().deviceId());

        PlatformCalls.Answer first = hooli.signIn(daan.person().userId(), "Payroll portal", "203.0.113.7", "Utrecht, NL").expect(201);
        Run pending = cli("--lang", "nl", "pending");
        assertThat(pending.exitCode()).isZero();
        assertThat(pending.output()).contains("Probeert u zich aan te melden?", "Payroll portal", "Utrecht, NL",
                first.text("challengeId"));
        Run approve = cli("--lang", "nl", "approve", "--number", first.text("numberToShow"));
        assertThat(approve.exitCode()).as(approve.output()).isZero();
        assertThat(approve.output()).contains("Goedgekeurd.");
        assertThat(hooli.awaitDecision(first.text("challengeId"), 30).expect(200).text("status")).isEqualTo("APPROVED");

        PlatformCalls.Answer second = hooli.signIn(daan.person().userId(), "Payroll portal", "198.51.100.23", "Lagos, NG").expect(201);
        Run deny = cli("--lang", "en", "deny", second.text("challengeId").substring(0, 8));
        assertThat(deny.exitCode()).as(deny.output()).isZero();
        assertThat(deny.output()).contains("Lagos, NG", "Denied (USER_DENIED).");
        assertThat(hooli.awaitDecision(second.text("challengeId"), 30).expect(200).text("reason")).isEqualTo("USER_DENIED");

        Run nothing = cli("--lang", "en", "approve", "--number", "12");
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.output()).contains("No requests waiting.");
    }

    private static Run cli(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("tweestap.root", "..")).toAbsolutePath().normalize()
                .resolve("authenticator/target/tweestap-authenticator.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--store", store.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        NARRATOR.tell("cli", "tweestap-authenticator " + String.join(" ", args) + "  (exit " + process.exitValue() + ")\n" + output.strip());
        return new Run(process.exitValue(), output);
    }
}
