package io.tweestap.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each service runs from a start-up archive whose training run was a whole start of the service,
 * through its warm-up, ended by the service itself (decisions 0101, 0120): what the archive holds is
 * what a start and the hot path load, not only Quarkus' static init.
 */
class StartUpArchiveSystemTest {

    private static final String TRAINED = "Training run of the start-up archive: warmed up, exiting";

    @Test
    void everyServiceStartsFromAnArchiveTrainedThroughItsWarmUp() {
        Map<String, Long> pids = RunningTweestap.get().servicePids();
        assertThat(pids).hasSize(4);
        pids.forEach((svc, pid) -> {
            List<String> command = commandLine(pid);
            String archive = command.stream()
                    .filter(a -> a.startsWith("-XX:AOTCache=") || a.startsWith("-XX:SharedArchiveFile="))
                    .map(a -> a.substring(a.indexOf('=') + 1))
                    .findFirst().orElse(null);
            assertThat(archive).as(svc + "-service's start-up archive option in " + command).isNotNull();
            assertThat(Path.of(archive)).as(svc + "-service's archive").isRegularFile();
            String training = read(Path.of(archive + ".log"));
            assertThat(training).as(svc + "-service's training run (" + archive + ".log)")
                    .contains("Warmed up in").contains(TRAINED);
        });
    }

    private static List<String> commandLine(long pid) {
        String raw = read(Path.of("/proc/" + pid + "/cmdline"));
        return Arrays.asList(raw.split("\0"));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
