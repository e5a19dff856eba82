package io.tweestap.e2e.load;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void countsTheCpuThisProcessSpendsBetweenTwoSnapshots() {
        long self = ProcessHandle.current().pid();
        ProcessCpu cpu = new ProcessCpu().group("self", () -> List.of(self)).group("nobody", List::of);
        ProcessCpu.Snapshot before = cpu.snapshot();
        // 200 ms of this thread's own CPU time, however long a crowded machine takes to give it
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long until = threads.getCurrentThreadCpuTime() + 200_000_000L;
        long sum = 0;
        while (threads.getCurrentThreadCpuTime() < until) {
            sum += Long.numberOfTrailingZeros(System.nanoTime());
        }
        Map<String, Double> millis = cpu.millisBetween(before, cpu.snapshot());
        assertThat(sum).isPositive();
        // the kernel counts in clock ticks (10 ms): 200 ms of one thread, and whatever the JVM's others did
        assertThat(millis.get("self")).isGreaterThanOrEqualTo(180).isLessThan(600_000);
        assertThat(millis.get("nobody")).isZero();
    }

    @Test
    void findsProcessesByTheirCommandName() {
        String ownName = ProcessHandle.current().info().command().map(c -> c.substring(c.lastIndexOf('/') + 1)).orElseThrow();
        assertThat(ProcessCpu.named(ownName)).contains(ProcessHandle.current().pid());
        assertThat(ProcessCpu.named("no-such-program-here")).isEmpty();
    }

    @Test
    void aProcessThatIsGoneCountsNothing() {
        ProcessCpu cpu = new ProcessCpu().group("gone", () -> List.of(Long.MAX_VALUE));
        assertThat(cpu.millisBetween(cpu.snapshot(), cpu.snapshot())).containsEntry("gone", 0.0);
    }
}
