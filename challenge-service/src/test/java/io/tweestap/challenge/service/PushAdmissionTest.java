package io.tweestap.challenge.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.tweestap.challenge.service.Creation.Refusal;
import io.tweestap.challenge.service.Creation.Refused;
import io.tweestap.challenge.service.PushAdmission.Facts;
import io.tweestap.challenge.service.PushAdmission.Pending;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Each admission rule on its own, without a database (decision 0048). */
class PushAdmissionTest {

    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private final PushAdmission admission = new PushAdmission(new PushAdmission.Limits(3, 5, WINDOW, 10));

    @Test
    void aSignInWithNothingAgainstItIsAdmitted() {
        assertThat(admission.signIn(facts(), NOW)).isEmpty();
    }

    @Test
    void aFraudBlockRefusesSignInsAndTestPushes() {
        Facts blocked = new Facts(NOW.minusSeconds(60), null, 0, 1, null, List.of());
        assertThat(refusal(admission.signIn(blocked, NOW))).isEqualTo(Refusal.FRAUD_BLOCKED);
        assertThat(refusal(admission.test(blocked, NOW))).isEqualTo(Refusal.FRAUD_BLOCKED);
    }

    @Test
    void aSuppressionHoldsSignInsUntilItEnds() {
        Facts suppressed = new Facts(null, NOW.plusSeconds(90), 0, 1, null, List.of());
        Refused refused = admission.signIn(suppressed, NOW).orElseThrow();
        assertThat(refused.refusal()).isEqualTo(Refusal.SUPPRESSED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(90));
        assertThat(admission.signIn(suppressed, NOW.plusSeconds(90))).isEmpty();
        assertThat(admission.test(suppressed, NOW)).as("the setup test push is not a sign-in").isEmpty();
    }

    @Test
    void noUsableDeviceIsNamedPerPurpose() {
        Facts none = new Facts(null, null, 0, 0, null, List.of());
        assertThat(refusal(admission.signIn(none, NOW))).isEqualTo(Refusal.NO_ACTIVE_DEVICE);
        assertThat(refusal(admission.test(none, NOW))).isEqualTo(Refusal.DEVICE_NOT_KNOWN);
    }

    @Test
    void oneSignInAtATime() {
        UUID pendingId = UUID.randomUUID();
        Facts pending = new Facts(null, null, 1, 1, new Pending(pendingId, NOW.plusSeconds(40)), List.of(NOW.minusSeconds(20)));
        Refused refused = admission.signIn(pending, NOW).orElseThrow();
        assertThat(refused.refusal()).isEqualTo(Refusal.CHALLENGE_PENDING);
        assertThat(refused.pendingChallengeId()).isEqualTo(pendingId);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void pushesSinceTheLastApprovedSignInAreLimitedWhateverTheWindowSays() {
        Facts nine = new Facts(null, null, 9, 1, null, List.of());
        Facts ten = new Facts(null, null, 10, 1, null, List.of());
        assertThat(admission.signIn(nine, NOW)).isEmpty();
        Refused refused = admission.signIn(ten, NOW).orElseThrow();
        assertThat(refused.refusal()).isEqualTo(Refusal.UNANSWERED_PUSH_LIMIT);
        assertThat(refused.retryAfter()).as("no waiting lifts it").isNull();
        assertThat(admission.test(ten, NOW)).as("setup test pushes are limited on their own").isEmpty();
    }

    @Test
    void signInPushesPerWindowWithTheTimeUntilTheOldestLeaves() {
        List<Instant> three = List.of(NOW.minusSeconds(500), NOW.minusSeconds(300), NOW.minusSeconds(100));
        Refused refused = admission.signIn(new Facts(null, null, 3, 1, null, three), NOW).orElseThrow();
        assertThat(refused.refusal()).isEqualTo(Refusal.PUSH_LIMIT);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(100));
        assertThat(admission.signIn(new Facts(null, null, 2, 1, null, three.subList(1, 3)), NOW)).isEmpty();
    }

    @Test
    void testPushesAreCountedAgainstTheirOwnLimit() {
        List<Instant> four = List.of(NOW.minusSeconds(400), NOW.minusSeconds(300), NOW.minusSeconds(200), NOW.minusSeconds(100));
        assertThat(admission.test(new Facts(null, null, 0, 1, null, four), NOW)).isEmpty();
        List<Instant> six = List.of(NOW.minusSeconds(590), NOW.minusSeconds(500), NOW.minusSeconds(400), NOW.minusSeconds(300),
                NOW.minusSeconds(200), NOW.minusSeconds(100));
        Refused refused = admission.test(new Facts(null, null, 0, 1, null, six), NOW).orElseThrow();
        assertThat(refused.refusal()).isEqualTo(Refusal.PUSH_LIMIT);
        // Two must leave the window to get under five: the second oldest decides.
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(100));
    }

    @Test
    void theSmsFallbackWaitsOnlyForAPendingSmsCode() {
        assertThat(admission.sms(null, NOW)).isEmpty();
        UUID pendingId = UUID.randomUUID();
        Refused refused = admission.sms(new Pending(pendingId, NOW.plusSeconds(200)), NOW).orElseThrow();
        assertThat(refused.refusal()).isEqualTo(Refusal.CHALLENGE_PENDING);
        assertThat(refused.pendingChallengeId()).isEqualTo(pendingId);
    }

    private static Facts facts() {
        return new Facts(null, null, 0, 1, null, List.of());
    }

    private static Refusal refusal(Optional<Refused> refused) {
        return refused.orElseThrow().refusal();
    }
}
