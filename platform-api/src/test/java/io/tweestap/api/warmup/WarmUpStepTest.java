package io.tweestap.api.warmup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.Uni;
import io.tweestap.api.ProblemException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which failures of a warm-up's call count as the refusal it meant to warm, and which fail the step. */
class WarmUpStepTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A service's own refusal type that is not a problem answer. */
    static class SetupRefused extends RuntimeException {
    }

    @Test
    void anAnswerPassesThrough() {
        assertThat(WarmUpStep.refusedOrNot(Uni.createFrom().item("ok")).await().atMost(WAIT)).isEqualTo("ok");
    }

    @Test
    void aProblemAnswerIsTheRefusalItWarms() {
        Uni<String> notFound = Uni.createFrom().failure(ProblemException.notFound("Challenge x"));
        assertThat(WarmUpStep.refusedOrNot(notFound).await().atMost(WAIT)).isNull();
    }

    @Test
    void aNamedRefusalTypeIsARefusalToo() {
        Uni<String> refused = Uni.createFrom().failure(new SetupRefused());
        assertThat(WarmUpStep.refusedOrNot(refused, SetupRefused.class).await().atMost(WAIT)).isNull();
    }

    @Test
    void anythingElseFailsTheStep() {
        Uni<String> broken = Uni.createFrom().failure(new IllegalStateException("column \"x\" does not exist"));
        assertThatThrownBy(() -> WarmUpStep.refusedOrNot(broken, SetupRefused.class).await().atMost(WAIT))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anUnnamedRefusalTypeFailsTheStep() {
        Uni<String> refused = Uni.createFrom().failure(new SetupRefused());
        assertThatThrownBy(() -> WarmUpStep.refusedOrNot(refused).await().atMost(WAIT)).isInstanceOf(SetupRefused.class);
    }
}
