package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.rookery.api.cluster.ClusterDefinition;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.load.AgentSettings;
import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * Writes a whole cluster configuration as a file an operator reads and edits: one shell command line
 * per item ({@code pool add}, {@code node add}, {@code service add}, {@code rule add},
 * {@code portspace set|off}, {@code agent set}, {@code health set}), each pool followed by its nodes and
 * its health check, rules in chain order. Every field is written that the defaults would not restore, so
 * {@link ConfigReader} reads back the same items.
 */
final class ConfigWriter {

    static final String HEADER = """
            # Rookery cluster configuration: the whole of it, one shell command per line.
            # 'config import FILE' makes the running configuration exactly this file (what is not here is
            # removed); 'config diff FILE' shows what that would change. Lines may come in any order, rules
            # apply in the order of their lines; '#' starts a comment.
            """;

    private ConfigWriter() {
    }

    /** The whole file of a cluster without health checks and agent receiver. */
    static String write(ClusterDefinition d) {
        return write(d, List.of(), null);
    }

    /** The whole file: the cluster, the pools' health checks and the agent receiver (null: off, no line). */
    static String write(ClusterDefinition d, List<HealthCheck> checks, AgentSettings agent) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append(line(d.portSpace())).append('\n');
        if (agent != null) {
            sb.append(AgentCommands.line(agent)).append('\n');
        }
        List<HealthCheck> unplaced = new ArrayList<>(checks);
        List<Node> orphans = new ArrayList<>(d.nodes());
        for (Pool p : d.pools()) {
            sb.append('\n').append(line(p)).append('\n');
            for (Node n : d.nodes()) {
                if (n.pool().equals(p.name())) {
                    sb.append(line(n)).append('\n');
                    orphans.remove(n);
                }
            }
            for (HealthCheck c : checks) {
                if (c.pool().equals(p.name())) {
                    sb.append(HealthChecks.line(c)).append('\n');
                    unplaced.remove(c);
                }
            }
        }
        // a check whose pool is gone (left over by an older version) is written too: the import then names it
        unplaced.forEach(c -> sb.append(HealthChecks.line(c)).append('\n'));
        // only an inconsistent definition has nodes without their pool; write them rather than lose them
        orphans.forEach(n -> sb.append(line(n)).append('\n'));
        section(sb, d.services().stream().map(ConfigWriter::line).toList());
        section(sb, d.rules().stream().map(ConfigWriter::line).toList());
        return sb.toString();
    }

    private static void section(StringBuilder sb, List<String> lines) {
        if (!lines.isEmpty()) {
            sb.append('\n');
            lines.forEach(l -> sb.append(l).append('\n'));
        }
    }

    static String line(PortSpace ps) {
        return ps.disabled() ? "portspace off" : "portspace set --base " + ps.base() + " --slice " + ps.slice();
    }

    static String line(Pool p) {
        StringBuilder sb = new StringBuilder("pool add ").append(p.name()).append(" --policy ").append(p.policy());
        new TreeMap<>(p.options()).forEach((k, v) -> sb.append(" --option ").append(Words.quote(k + "=" + v)));
        return sb.toString();
    }

    static String line(Node n) {
        StringBuilder sb = new StringBuilder("node add ").append(n.pool()).append(' ').append(n.name())
                .append(" --addr ").append(Endpoint.format(n.address(), n.port()));
        if (n.mac() != null) {
            sb.append(" --mac ").append(n.mac());
        }
        sb.append(" --weight ").append(n.weight());
        if (n.index() >= 0) {
            sb.append(" --index ").append(n.index());
        }
        return sb.append(" --state ").append(n.state()).toString();
    }

    static String line(VirtualService s) {
        StringBuilder sb = new StringBuilder("service add ").append(s.name()).append(" --vip ").append(s.vip())
                .append(" --port ").append(s.ports()).append(" --proto ").append(s.protocol())
                .append(" --pool ").append(s.pool()).append(" --mode ").append(s.method());
        if (s.iface() != null) {
            sb.append(" --iface ").append(Words.quote(s.iface()));
        }
        return sb.toString();
    }

    static String line(Rule r) {
        StringBuilder sb = new StringBuilder("rule add --id ").append(r.id());
        if (r.protocol() != 0) {
            sb.append(" --proto ").append(Protocol.nameOf(r.protocol()));
        }
        if (r.source() != null) {
            sb.append(" --src ").append(r.source());
        }
        if (r.destination() != null) {
            sb.append(" --dst ").append(r.destination());
        }
        if (r.destinationPorts() != null) {
            sb.append(" --dport ").append(r.destinationPorts());
        }
        if (r.iface() != null) {
            sb.append(" --iface ").append(Words.quote(r.iface()));
        }
        return sb.append(" --to ").append(r.verdict()).toString();
    }
}
