package io.tweestap.authenticator.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parsed command line: the command, its positional arguments and its options. */
record CommandLine(String command, List<String> arguments, Map<String, String> options) {

    static CommandLine parse(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                int equals = name.indexOf('=');
                if (equals > 0) {
                    options.put(name.substring(0, equals), name.substring(equals + 1));
                } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                    options.put(name, args[++i]);
                } else {
                    options.put(name, "");
                }
            } else {
                positional.add(args[i]);
            }
        }
        String command = positional.isEmpty() ? "help" : positional.remove(0);
        return new CommandLine(command, Collections.unmodifiableList(positional), options);
    }

    String argument(int index) {
        return index < arguments.size() ? arguments.get(index) : null;
    }
}
