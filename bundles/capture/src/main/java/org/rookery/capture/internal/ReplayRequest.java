package org.rookery.capture.internal;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What one {@code replay} asks for, parsed from the command's words.
 *
 * @param input the capture to read
 * @param service only frames of this service, or null for all
 * @param policy the policy every pool replays with, or null for each pool's own
 * @param output where the rewritten frames go, or null
 */
record ReplayRequest(Path input, String service, String policy, Path output) {

    /** The command's usage line, quoted in every error. */
    static final String USAGE = "replay FILE.pcap [--service NAME] [--policy P] [--out FILE.pcap]";

    private static final Set<String> FLAGS = Set.of("--service", "--policy", "--out");

    /** Parses {@code FILE [--flag value]...}; throws IllegalArgumentException with one line and the usage. */
    static ReplayRequest parse(Object[] words) {
        String file = null;
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < words.length; i++) {
            String w = String.valueOf(words[i]);
            if (w.startsWith("--")) {
                if (!FLAGS.contains(w)) {
                    throw error("unknown option " + w + "; expected --service, --policy or --out");
                }
                if (i + 1 >= words.length || String.valueOf(words[i + 1]).startsWith("--")) {
                    throw error("option " + w + " needs a value");
                }
                if (flags.put(w, String.valueOf(words[++i])) != null) {
                    throw error("option " + w + " given twice");
                }
            } else if (file == null) {
                file = w;
            } else {
                throw error("unexpected argument '" + w + "'");
            }
        }
        if (file == null || file.isBlank()) {
            throw error("missing FILE.pcap");
        }
        String out = flags.get("--out");
        return new ReplayRequest(Path.of(file).toAbsolutePath().normalize(), flags.get("--service"), flags.get("--policy"),
                out == null ? null : Path.of(out).toAbsolutePath().normalize());
    }

    /** An error naming the problem and the usage. */
    static IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + "; usage: " + USAGE);
    }
}
