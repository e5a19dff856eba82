package io.tweestap.e2e.load;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class PercentilesTest {

    @Test
    void nearestRankOfAHundredMillisecondValues() {
        Percentiles p = Percentiles.ofNanos(LongStream.rangeClosed(1, 100).map(ms -> ms * 1_000_000).boxed().toList());
        assertThat(p).isEqualTo(new Percentiles(50, 90, 99, 100));
        assertThat(p.ordered()).isTrue();
        assertThat(p).hasToString("p50 50 / p90 90 / p99 99 / max 100 ms");
    }

    @Test
    void oneValueIsEveryPercentile() {
        assertThat(Percentiles.ofNanos(List.of(7_000_000L))).isEqualTo(new Percentiles(7, 7, 7, 7));
    }

    @Test
    void noValuesAreNotANumberAndNotOrdered() {
        Percentiles none = Percentiles.ofNanos(List.of());
        assertThat(none.p50()).isNaN();
        assertThat(none.ordered()).isFalse();
    }

    @Test
    void aNegativeDurationIsNotPlausible() {
        assertThat(Percentiles.ofNanos(List.of(-1_000_000L, 5_000_000L)).ordered()).isFalse();
    }
}
