package io.tweestap.e2e.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time the machine's processes spent, by name: user plus system time from {@code /proc/<pid>/stat}
 * ({@code utime}, {@code stime}), summed over each group's processes. PostgreSQL is every process
 * named {@code postgres}, so its backends, checkpointer and WAL writer all count (and on a shared
 * machine, other work's backends too).
 */
public final class ProcessCpu {

    /** The CPU time of each group, in clock ticks, at one moment. */
    public record Snapshot(Map<String, Map<Long, Long>> ticks) {
    }

    private final Map<String, Supplier<List<Long>>> groups = new LinkedHashMap<>();
    private final double millisPerTick;

    public ProcessCpu() {
        this.millisPerTick = 1000.0 / Long.parseLong(LocalCommand.run(List.of("getconf", "CLK_TCK"), 10).trim());
    }

    public ProcessCpu group(String name, Supplier<List<Long>> pids) {
        groups.put(name, pids);
        return this;
    }

    /** Every process whose command name ({@code /proc/<pid>/comm}) is {@code name}. */
    public static List<Long> named(String name) {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> name.equals(read(p.resolve("comm")).strip()))
                    .map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Snapshot snapshot() {
        Map<String, Map<Long, Long>> ticks = new LinkedHashMap<>();
        groups.forEach((name, pids) -> {
            Map<Long, Long> perPid = new LinkedHashMap<>();
            pids.get().forEach(pid -> {
                long used = ticks(pid);
                if (used >= 0) {
                    perPid.put(pid, used);
                }
            });
            ticks.put(name, perPid);
        });
        return new Snapshot(ticks);
    }

    /**
     * Milliseconds of CPU each group spent between two snapshots. A process that started in between
     * counts from zero; one that ended in between is lost (short-lived PostgreSQL backends, none of
     * the services' pooled ones).
     */
    public Map<String, Double> millisBetween(Snapshot before, Snapshot after) {
        Map<String, Double> millis = new LinkedHashMap<>();
        after.ticks().forEach((name, perPid) -> {
            Map<Long, Long> earlier = before.ticks().getOrDefault(name, Map.of());
            long spent = perPid.entrySet().stream()
                    .mapToLong(e -> Math.max(0, e.getValue() - earlier.getOrDefault(e.getKey(), 0L))).sum();
            millis.put(name, spent * millisPerTick);
        });
        return millis;
    }

    /** utime + stime of a process in clock ticks, or -1 when it is gone. */
    private static long ticks(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name in parentheses may hold spaces: fields are counted after its closing parenthesis
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            return -1;
        }
        String[] fields = stat.substring(close + 2).split(" ");
        // after "(comm)": state is field 3 of proc(5), utime field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }
}
