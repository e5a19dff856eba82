package io.tweestap.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.testkit.WarmUpCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readiness waits for {@link io.tweestap.enrollment.service.SetupPathWarmUp}, which runs without failing and leaves nothing behind. */
@QuarkusTest
class WarmUpTest {

    @Test
    void readyOnlyAfterTheHotPathRanOnceAndNothingOfItIsKept() {
        WarmUpCheck.awaitWarmedUp();
        for (String table : List.of("enrollment", "wizard_session", "user_registration", "outbox")) {
            assertThat(WarmUpCheck.rowsLeftIn(table)).as("warm-up rows left in " + table).isZero();
        }
    }
}
