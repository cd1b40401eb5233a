package org.rookery.capture.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.model.Names;
import org.rookery.api.model.VirtualService;

/** The checks of a replay's arguments, each failing with one line before anything is read or written. */
final class ReplayChecks {

    private static final int MIN_CAPACITY = 1 << 10;
    private static final int MAX_CAPACITY = 1 << 22;
    private static final int MIN_FRAME_BYTES = 60;

    private ReplayChecks() {
    }

    /** The service replay is limited to, or null for all; an unknown name is an error. */
    static VirtualService service(ClusterService live, String name) {
        return name == null ? null : live.service(name).orElseThrow(() ->
                new IllegalArgumentException("no service named " + name + "; see 'service list'"));
    }

    /** An override policy must be installed, or be rr, the fallback every pool has. */
    static void policy(PolicySource policies, String policy) {
        if (policy == null) {
            return;
        }
        Names.check("policy", policy);
        Set<String> installed = policies.names();
        if (!installed.contains(policy) && !"rr".equals(policy)) { // rr is built in: the fallback of every pool
            throw new IllegalArgumentException("no policy named " + policy + " is installed; installed: "
                    + (installed.isEmpty() ? "none" : String.join(", ", installed)) + " (see 'policies')");
        }
    }

    /** The output must be a file in an existing folder, and not the input. */
    static void output(ReplayRequest r) {
        Path out = r.output();
        if (out == null) {
            return;
        }
        if (out.equals(r.input())) {
            throw new IllegalArgumentException("--out " + out + " is the input file; name another file");
        }
        Path dir = out.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("cannot write " + out + ": no such directory " + dir);
        }
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("cannot write " + out + ": it is a directory; name a file");
        }
    }

    /** Flows the copy's table holds: the capture's frames bound its flows; a floor and a ceiling keep it sane. */
    static int capacity(Path input) {
        long size;
        try {
            size = Files.size(input);
        } catch (IOException e) {
            size = 0;
        }
        return (int) Math.max(MIN_CAPACITY, Math.min(MAX_CAPACITY, size / MIN_FRAME_BYTES));
    }
}
