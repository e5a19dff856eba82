package io.tweestap.e2e.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Resident memory of the services' processes ({@code VmRSS} of {@code /proc/<pid>/status}), the
 * figure issue 13's footprint targets are set in: what the kernel holds in RAM for the process,
 * its heap, metaspace, code, thread stacks and mapped archive pages together.
 */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** Each named process's resident memory in MiB; one that is gone is left out. */
    public static Map<String, Long> mebibytes(Map<String, Long> pids) {
        Map<String, Long> resident = new LinkedHashMap<>();
        pids.forEach((name, pid) -> kibibytes(pid).ifPresent(kib -> resident.put(name, Math.round(kib / 1024.0))));
        return resident;
    }

    /** {@code VmRSS} in KiB, or empty when the process is gone. */
    static OptionalLong kibibytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException | RuntimeException gone) {
            return OptionalLong.empty();
        }
    }
}
