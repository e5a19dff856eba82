package io.tweestap.api.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A policy in force says whether the defaults hold by whether an administrator set it. */
class PolicyInForceTest {

    @Test
    void theDefaultsWereSetByNobody() {
        PolicyInForce<String> defaults = PolicyInForce.defaults("every method");
        assertThat(defaults.isDefaults()).isTrue();
        assertThat(defaults.rules()).isEqualTo("every method");
        assertThat(defaults.updatedAt()).isNull();
        assertThat(defaults.updatedBy()).isNull();
    }

    @Test
    void aTenantsOwnPolicySaysWhoSetItWhen() {
        Instant at = Instant.parse("2026-12-04T19:00:00Z");
        PolicyInForce<String> own = new PolicyInForce<>("push only", at, "admin-7");
        assertThat(own.isDefaults()).isFalse();
        assertThat(own.updatedAt()).isEqualTo(at);
        assertThat(own.updatedBy()).isEqualTo("admin-7");
    }

    @Test
    void aTokenWithoutASubjectStillSetsTheTenantsOwn() {
        assertThat(new PolicyInForce<>("push only", Instant.EPOCH, null).isDefaults()).isFalse();
    }
}
