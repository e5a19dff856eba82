package io.tweestap.challenge;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.tweestap.testkit.WarmUpCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Readiness waits for {@link io.tweestap.challenge.service.SignInPathWarmUp}, which runs without failing and leaves nothing behind. */
@QuarkusTest
class WarmUpTest {

    @Test
    void readyOnlyAfterTheHotPathRanOnceAndNothingOfItIsKept() {
        WarmUpCheck.awaitWarmedUp();
        for (String table : List.of("push_challenge", "user_guard", "outbox")) {
            assertThat(WarmUpCheck.rowsLeftIn(table)).as("warm-up rows left in " + table).isZero();
        }
    }
}
