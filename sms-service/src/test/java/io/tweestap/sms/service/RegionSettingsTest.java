package io.tweestap.sms.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Per-region limits a service must refuse to start with: they would silently not apply, or block a country. */
class RegionSettingsTest {

    @Test
    void regionCodesAndMaximumsAreChecked() {
        assertThat(SendLimits.regionSettingProblems(300, Map.of("NL", OptionalInt.of(2000), "GB",
                OptionalInt.empty(), "LU", OptionalInt.of(1)))).isEmpty();
        // As SmallRye names a region that only an environment variable sets.
        assertThat(SendLimits.regionSettingProblems(300, Map.of("ng", OptionalInt.of(20)))).isEmpty();

        assertThat(SendLimits.regionSettingProblems(300, Map.of("UK", OptionalInt.of(50))))
                .containsExactly("regions.\"UK\" is not an ISO 3166 region code (e.g. GB, not UK)");
        assertThat(SendLimits.regionSettingProblems(300, Map.of("NL", OptionalInt.of(2000), "nl", OptionalInt.of(50))))
                .containsExactly("regions.\"NL\" and regions.\"nl\" set different maximums");
        assertThat(SendLimits.regionSettingProblems(300, Map.of("NG", OptionalInt.of(0))))
                .containsExactly("regions.\"NG\".window-max must be at least 1, not 0");
        assertThat(SendLimits.regionSettingProblems(0, Map.of()))
                .containsExactly("region-window-max must be at least 1, not 0");
    }
}
