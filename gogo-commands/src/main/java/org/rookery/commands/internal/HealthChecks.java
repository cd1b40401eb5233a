package org.rookery.commands.internal;

import java.util.Set;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.health.HealthService;
import org.rookery.api.health.NodeHealth;

/** The verbs of {@code health}: {@code set}, {@code del} and {@code show} of the per-pool health checks. */
final class HealthChecks {

    static final String SET_USAGE = "health set POOL --type tcp|http|agent [--interval S] [--timeout S] [--rise N]"
            + " [--fall N] [--port P] [--path /x] [--expect 200]";
    static final String USAGE = "health (summary line) | " + SET_USAGE + " | health del POOL | health show [POOL]";

    private HealthChecks() {
    }

    /** Runs one verb. */
    static String run(HealthService health, ClusterService cluster, Object[] args) {
        String verb = String.valueOf(args[0]);
        switch (verb) {
            case "set": {
                Args a = setArgs(args);
                String pool = a.word(0);
                HealthCheck was = health.checks().stream().filter(c -> c.pool().equals(pool)).findFirst().orElse(null);
                HealthCheck c = parse(a, was);
                health.set(c);
                return "health check of pool " + pool + " set: " + describe(c);
            }
            case "del": {
                Args a = Args.parse(args, 1, Set.of(), "health del POOL").positional("POOL");
                health.remove(a.word(0));
                return "health check of pool " + a.word(0) + " removed";
            }
            case "show": {
                Args a = Args.parse(args, 1, Set.of(), "health show [POOL]");
                String only = a.positionalCount() == 1 ? a.word(0) : null;
                if (a.positionalCount() > 1) {
                    a.positional("POOL");
                }
                StringBuilder sb = new StringBuilder();
                Table checks = new Table("POOL", "CHECK");
                Table nodes = new Table("POOL", "NODE", "HEALTH", "STATE", "LAST-RESULT", "RUN", "FAILED", "CHANGES", "CHANGED");
                for (HealthCheck c : health.checks()) {
                    if (only != null && !only.equals(c.pool())) {
                        continue;
                    }
                    checks.row(c.pool(), describe(c));
                    for (NodeStatus n : cluster.nodes(c.pool())) {
                        NodeHealth h = health.health(c.pool(), n.node().name());
                        if (h != null) {
                            nodes.row(c.pool(), n.node().name(), h.healthy() ? "ok" : "failed", n.state().toString(),
                                    h.lastResult(), Long.toString(h.checks()), Long.toString(h.failed()),
                                    Long.toString(h.transitions()), h.lastChangeMillis() == 0 ? "-" : age(h.lastChangeMillis()) + " ago");
                        }
                    }
                }
                if (checks.isEmpty()) {
                    return only == null ? "no health checks; add one with " + SET_USAGE : "pool " + only + " has no health check";
                }
                return sb.append(checks).append("\n\n").append(nodes).toString();
            }
            default:
                throw new IllegalArgumentException("unknown verb '" + verb + "'; usage: " + USAGE);
        }
    }

    /** The arguments of {@code health set} (verb first), checked against its usage. */
    static Args setArgs(Object[] args) {
        return Args.parse(args, 1, Set.of("--type", "--interval", "--timeout", "--rise", "--fall", "--port", "--path", "--expect"),
                SET_USAGE).positional("POOL");
    }

    /**
     * The check {@code health set} describes. Flags left out keep the values of {@code was} (the pool's current
     * check), or HAProxy's defaults when there is none (then {@code --type} is required).
     */
    static HealthCheck parse(Args a, HealthCheck was) {
        if (was == null && !a.has("--type")) {
            throw a.error("missing --type for a new check");
        }
        try {
            return new HealthCheck(a.word(0), a.has("--type") ? a.get("--type") : was.type(),
                    millis(a, "--interval", was == null ? 2000 : was.intervalMillis()),
                    millis(a, "--timeout", was == null ? 1000 : was.timeoutMillis()),
                    a.integer("--rise", 1, 100, was == null ? 2 : was.rise()),
                    a.integer("--fall", 1, 100, was == null ? 3 : was.fall()),
                    a.integer("--port", 0, 65535, was == null ? 0 : was.port()),
                    a.has("--path") ? a.get("--path") : was == null ? "/" : was.path(),
                    a.integer("--expect", 100, 599, was == null ? 200 : was.expect()));
        } catch (IllegalArgumentException e) {
            throw e.getMessage().contains("; usage:") ? e : a.error(e.getMessage());
        }
    }

    /** The {@code health set} line that sets {@code c} whole (config export). */
    static String line(HealthCheck c) {
        StringBuilder sb = new StringBuilder("health set ").append(c.pool()).append(" --type ").append(c.type())
                .append(" --interval ").append(seconds(c.intervalMillis())).append(" --timeout ").append(seconds(c.timeoutMillis()))
                .append(" --rise ").append(c.rise()).append(" --fall ").append(c.fall());
        if (c.port() > 0) {
            sb.append(" --port ").append(c.port());
        }
        // path and expect matter for http only, but are kept whatever the type, so an import gives back the same check
        if (c.type().equals("http") || !c.path().equals("/")) {
            sb.append(" --path ").append(Words.quote(c.path()));
        }
        if (c.type().equals("http") || c.expect() != 200) {
            sb.append(" --expect ").append(c.expect());
        }
        return sb.toString();
    }

    /** {@code ok}, {@code ok (failing: connect refused)} while failures count toward fall, {@code failed (status 503)}, or "-". */
    static String summary(NodeHealth h) {
        if (h == null) {
            return "-";
        }
        if (!h.healthy()) {
            return "failed (" + h.lastResult() + ")";
        }
        return h.failures() > 0 ? "ok (failing: " + h.lastResult() + ")" : "ok";
    }

    static String describe(HealthCheck c) {
        return c.type() + (c.type().equals("http") ? " GET " + c.path() + " expect " + c.expect() : "")
                + (c.port() > 0 ? " port " + c.port() : "") + " interval " + seconds(c.intervalMillis()) + "s timeout "
                + seconds(c.timeoutMillis()) + "s rise " + c.rise() + " fall " + c.fall();
    }

    /** Seconds (decimals allowed) as milliseconds. */
    private static int millis(Args a, String flag, int dflt) {
        if (!a.has(flag)) {
            return dflt;
        }
        double s = a.decimal(flag, 0.01, 3600);
        return (int) Math.round(s * 1000);
    }

    static String seconds(int ms) {
        return ms % 1000 == 0 ? Integer.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    /** {@code 4.2s}, {@code 3m5s} since an epoch-ms time. */
    static String age(long millis) {
        long d = Math.max(0, System.currentTimeMillis() - millis);
        if (d < 60_000) {
            return String.format("%.1fs", d / 1000.0);
        }
        return d / 60_000 + "m" + (d % 60_000) / 1000 + "s";
    }
}
