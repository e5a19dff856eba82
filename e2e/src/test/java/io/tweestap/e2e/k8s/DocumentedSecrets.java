package io.tweestap.e2e.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Secrets the platform team creates, read from the table under "## Secrets" in
 * deploy/k8s/README.md (first column the name, second its keys, each in backticks). The manifests
 * carry none of them, so that applying never overwrites one; a reference to a Secret or key the table
 * lacks is a problem, which keeps every Secret documented.
 */
final class DocumentedSecrets {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([a-z0-9.-]+)`\\s*\\|([^|]*)\\|");
    private static final Pattern KEY = Pattern.compile("`([^`]+)`");

    private DocumentedSecrets() {
    }

    private static volatile Map<String, Set<String>> read;

    /** The table, read once per run. */
    static Map<String, Set<String>> read() {
        if (read == null) {
            read = Map.copyOf(parse());
        }
        return read;
    }

    private static Map<String, Set<String>> parse() {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        boolean inSection = false;
        try {
            for (String line : Files.readAllLines(Rendered.ROOT.resolve("deploy/k8s/README.md"))) {
                if (line.startsWith("## ")) {
                    inSection = line.trim().equals("## Secrets");
                }
                Matcher row = ROW.matcher(line);
                if (inSection && row.find()) {
                    Set<String> keys = new TreeSet<>();
                    Matcher key = KEY.matcher(row.group(2));
                    while (key.find()) {
                        keys.add(key.group(1));
                    }
                    secrets.put(row.group(1), keys);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return secrets;
    }
}
