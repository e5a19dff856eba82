package io.tweestap.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResidentMemoryTest {

    @Test
    void readsTheResidentMemoryOfARunningProcessAndLeavesOutOneThatIsGone() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Map<String, Long> pids = new LinkedHashMap<>();
        pids.put("self", ProcessHandle.current().pid());
        pids.put("gone", gone.pid());

        Map<String, Long> resident = ResidentMemory.mebibytes(pids);

        // a JVM running JUnit holds tens of MiB at least, and less than the machine
        long heapMib = Runtime.getRuntime().totalMemory() / (1024 * 1024);
        assertThat(resident.get("self")).isGreaterThan(Math.max(20, heapMib / 4)).isLessThan(64 * 1024);
        assertThat(resident).doesNotContainKey("gone");
    }
}
