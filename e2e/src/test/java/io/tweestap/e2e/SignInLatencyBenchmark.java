package io.tweestap.e2e;

import io.tweestap.authenticator.AccountStore;
import io.tweestap.authenticator.Authenticator;
import io.tweestap.authenticator.PushFrame;
import io.tweestap.authenticator.PushStream;
import io.tweestap.devicekeys.ChallengeAnswer.Decision;
import io.tweestap.e2e.journey.Narrator;
import io.tweestap.e2e.journey.PlatformCalls;
import io.tweestap.e2e.journey.EnrollmentJourney;
import io.tweestap.e2e.journey.EnrollmentJourney.Enrolled;
import io.tweestap.e2e.journey.SignInJourney;
import io.tweestap.e2e.journey.SignInJourney.SignIn;
import io.tweestap.e2e.journey.SetupWizardBrowser;
import io.tweestap.e2e.load.Percentiles;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The number a platform team asks first: from the moment its sign-in page creates a challenge to the
 * moment its long-poll sees APPROVED, through all four services, Kafka and the phone's push channel.
 * Sequential sign-ins by one enrolled person whose authenticator keeps its channel open and answers
 * each push at once with the right number. Prints percentiles; asserts only that every round was approved.
 *
 * <p>{@code ./mvnw -B -ntp -pl e2e verify -Dtest=SignInLatencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtweestap.bench.signins=200} (the normal build runs 20 after 5 warm-up rounds).
 */
class SignInLatencyBenchmark {

    private static final Narrator QUIET = (who, what) -> {
    };

    @Test
    void signInCreatedToApprovedThroughTheWholePlatform() throws Exception {
        int rounds = Integer.getInteger("tweestap.bench.signins", 20);
        int warmUp = Integer.getInteger("tweestap.bench.warmup", 5);
        RunningTweestap platform = RunningTweestap.get();
        Authenticator phoneApp = new Authenticator(new AccountStore(Files.createTempDirectory("tweestap-e2e-bench-")));
        PlatformCalls umbrella = new PlatformCalls(platform.endpoints(), platform.tokens(), "umbrella");

        Enrolled bench;
        try (SetupWizardBrowser browser = new SetupWizardBrowser("en")) {
            bench = new EnrollmentJourney(umbrella, phoneApp, platform.endpoints().vonageSandbox(), Narrator.printing(System.out))
                    .enrol(People.person("bench", "en", false), browser);
        }
        SignInJourney journey = new SignInJourney(umbrella, phoneApp, platform.endpoints().vonageSandbox(), QUIET);

        List<SignIn> measured = new ArrayList<>();
        BlockingQueue<PushFrame> pushes = new LinkedBlockingQueue<>();
        try (PushStream stream = phoneApp.listen(bench.account(), pushes::add)) {
            for (int round = 0; round < warmUp + rounds; round++) {
                SignIn signIn = journey.signIn(bench, pushes, Decision.APPROVE, true);
                assertThat(signIn.status()).as("round " + round).isEqualTo("APPROVED");
                if (round >= warmUp) {
                    measured.add(signIn);
                }
            }
        }
        Percentiles pushed = Percentiles.ofNanos(measured.stream().map(s -> s.createdToPush().toNanos()).toList());
        Percentiles decided = Percentiles.ofNanos(measured.stream().map(s -> s.createdToDecided().toNanos()).toList());
        System.out.printf(Locale.ROOT, "SignInLatencyBenchmark: %d sign-ins after %d warm-up; created -> push on the phone "
                        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; created -> long-poll APPROVED "
                        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                rounds, warmUp, pushed.p50(), pushed.p90(), pushed.p99(), pushed.max(),
                decided.p50(), decided.p90(), decided.p99(), decided.max());
        assertThat(measured).hasSize(rounds);
    }
}

