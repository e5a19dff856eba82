package io.tweestap.sms.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The safe bounds hold for configured defaults as for a tenant's choice (decision 0102). */
class CodeRulesTest {

    @Test
    void theBoundsThemselvesAreAllowed() {
        assertThat(new CodeRules(6, Duration.ofMinutes(1), 3).lifetimeMinutes()).isEqualTo(1);
        assertThat(new CodeRules(8, Duration.ofMinutes(15), 10).length()).isEqualTo(8);
    }

    @Test
    void anythingOutsideThemIsRefused() {
        assertThatThrownBy(() -> new CodeRules(5, Duration.ofMinutes(5), 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeRules(9, Duration.ofMinutes(5), 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeRules(6, Duration.ZERO, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeRules(6, Duration.ofMinutes(16), 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeRules(6, Duration.ofMinutes(5), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CodeRules(6, Duration.ofMinutes(5), 11)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLifetimeIsWholeMinutesBecauseTheSmsSaysHowManyMinutes() {
        assertThatThrownBy(() -> new CodeRules(6, Duration.ofSeconds(90), 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
