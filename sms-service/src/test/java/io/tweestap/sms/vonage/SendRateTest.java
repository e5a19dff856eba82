package io.tweestap.sms.vonage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A burst of sends is spread so that no second carries more than the account's 30 requests. */
class SendRateTest {

    @Test
    void aBurstOfHundredSendsIsSpreadOverMoreThanThreeSeconds() {
        AtomicLong nanos = new AtomicLong();
        SendRate rate = new SendRate(30, nanos::get);

        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waits.add(rate.reserve());
        }

        assertThat(waits.get(0)).isZero();
        for (int start = 0; start + 30 < waits.size(); start++) {
            // The 31st send after any send goes out at least a second after it.
            assertThat(waits.get(start + 30).minus(waits.get(start))).isGreaterThanOrEqualTo(Duration.ofMillis(999));
        }
        assertThat(waits.get(99)).isBetween(Duration.ofMillis(3290), Duration.ofMillis(3310));
    }

    @Test
    void aSendAfterAQuietMomentGoesOutAtOnce() {
        AtomicLong nanos = new AtomicLong();
        SendRate rate = new SendRate(30, nanos::get);
        rate.reserve();
        rate.reserve();

        nanos.addAndGet(Duration.ofSeconds(1).toNanos());

        assertThat(rate.reserve()).isZero();
    }
}
