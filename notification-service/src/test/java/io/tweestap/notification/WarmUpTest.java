package io.tweestap.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.testkit.WarmUpCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readiness waits for {@link io.tweestap.notification.delivery.PushPathWarmUp}, which runs without failing and leaves nothing behind. */
@QuarkusTest
class WarmUpTest {

    @Test
    void readyOnlyAfterTheHotPathRanOnceAndNothingOfItIsKept() {
        WarmUpCheck.awaitWarmedUp();
        for (String table : List.of("push", "outbox")) {
            assertThat(WarmUpCheck.rowsLeftIn(table)).as("warm-up rows left in " + table).isZero();
        }
    }
}
