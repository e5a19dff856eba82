package io.tweestap.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root, where {@code deploy/local} lives. */
final class ProjectRoot {

    private ProjectRoot() {
    }

    static Path path() {
        String configured = System.getProperty("tweestap.root");
        if (configured != null && Files.isDirectory(Path.of(configured, "deploy", "local"))) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/local"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the Tweestap repository root (deploy/local)");
    }
}
