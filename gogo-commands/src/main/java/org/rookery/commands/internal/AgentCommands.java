package org.rookery.commands.internal;

import java.util.Set;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.load.LoadReceiver;

/** The {@code agent} command: where the front-end receives the node agents' signed load reports. */
@Component(service = AgentCommands.class, property = {"osgi.command.scope=rookery", "osgi.command.function=agent"})
public class AgentCommands {

    static final String SET_USAGE = "agent set --port P --key FILE [--addr A] [--missed N] [--max-age S]";
    static final String USAGE = SET_USAGE + " | agent off | agent show";

    private final LoadReceiver receiver;
    private final ClusterService cluster;

    /** Built by DS with the receiver and the cluster. */
    @Activate
    public AgentCommands(@Reference LoadReceiver receiver, @Reference ClusterService cluster) {
        this.receiver = receiver;
        this.cluster = cluster;
    }

    /** The settings an {@code agent set} line (verb first) gives, its key file as written. */
    static AgentSettings parse(Object[] args) {
        Args a = Args.parse(args, 1, Set.of("--port", "--key", "--addr", "--missed", "--max-age"), SET_USAGE).positional();
        a.require("--port");
        try {
            return new AgentSettings(a.has("--addr") ? a.get("--addr") : "0.0.0.0", a.integer("--port", 1, 65535, 0),
                    a.require("--key"), a.integer("--missed", 1, 1000, AgentSettings.DEFAULT_MISSED),
                    a.has("--max-age") ? (int) Math.round(a.decimal("--max-age", 0.1, 3600) * 1000)
                            : AgentSettings.DEFAULT_MAX_AGE_MILLIS);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().contains("; usage:") ? e : a.error(e.getMessage());
        }
    }

    /** The {@code agent set} line that gives {@code s} back whole (config export). */
    static String line(AgentSettings s) {
        return "agent set --addr " + s.address() + " --port " + s.port() + " --key " + Words.quote(s.keyFile()) + " --missed "
                + s.missed() + " --max-age " + HealthChecks.seconds(s.maxAgeMillis());
    }

    /** Sets, turns off or shows the load report receiver. */
    @Descriptor("receive signed load reports from node agents: " + USAGE)
    public String agent(CommandSession session, @Descriptor("verb and arguments: " + USAGE) Object... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing verb; usage: " + USAGE);
        }
        String verb = String.valueOf(args[0]);
        switch (verb) {
            case "set": {
                AgentSettings s = parse(args);
                // a relative key file is taken from where the command runs (bin/rookery exec's directory), as config import does
                s = new AgentSettings(s.address(), s.port(), ConfigFiles.resolve(session, s.keyFile()).toString(),
                        s.missed(), s.maxAgeMillis());
                receiver.configure(s);
                return "agent reports received on udp " + s.address() + ":" + s.port() + ", signed with " + s.keyFile();
            }
            case "off":
                Args.parse(args, 1, Set.of(), "agent off").positional();
                receiver.configure(null);
                return "agent receiver off";
            case "show": {
                Args.parse(args, 1, Set.of(), "agent show").positional();
                AgentSettings s = receiver.settings();
                StringBuilder sb = new StringBuilder(s == null ? "agent receiver: off" : "agent receiver: udp " + s.address()
                        + ":" + s.port() + " key " + s.keyFile() + ", load unknown after " + s.missed()
                        + " missed reports, max age " + s.maxAgeMillis() / 1000.0 + "s");
                sb.append("\nreports:");
                receiver.counters().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
                // the last report of every node that sent one: what leastload compares, and what it is made of
                Table t = new Table("NODE", "LOAD", "LOADAVG/CPU", "CPU", "CONNS", "MEMORY", "WEIGHT-HINT", "LAST-REPORT");
                for (NodeStatus n : cluster.nodes(null)) {
                    long last = receiver.lastReportMillis(n.node().pool(), n.node().name());
                    if (last >= 0) {
                        NodeLoad l = n.load();
                        t.row(n.node().key(), l == null ? "unknown" : String.format("%.2f", l.normalised()),
                                l == null ? "-" : String.format("%.2f", l.loadAverage()),
                                l == null ? "-" : String.format("%.0f%%", l.cpu() * 100),
                                l == null ? "-" : Integer.toString(l.activeConnections()),
                                l == null ? "-" : String.format("%.0f%%", l.memoryUsed() * 100),
                                l == null || l.weightHint() < 0 ? "-" : Integer.toString(l.weightHint()),
                                HealthChecks.age(last) + " ago");
                    }
                }
                return t.isEmpty() ? sb.toString() : sb.append("\n\n").append(t).toString();
            }
            default:
                throw new IllegalArgumentException("unknown verb '" + verb + "'; usage: " + USAGE);
        }
    }
}
