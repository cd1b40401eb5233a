package org.rookery.capture.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.model.Node;
import org.rookery.packet.Macs;

/**
 * The outcome of one replay as the command prints it: a header line, the pools' policies, the
 * distribution per node (new flows and frames, with shares), the verdicts, then notes.
 */
final class ReplayReport {

    private final ReplayRequest request;
    private final ReplayTally tally;
    private final ClusterService copy;
    private final ForwardingTable table;
    private final long written;

    ReplayReport(ReplayRequest request, ReplayTally tally, ClusterService copy, ForwardingTable table, long written) {
        this.request = request;
        this.tally = tally;
        this.copy = copy;
        this.table = table;
        this.written = written;
    }

    /** Frames decided to a node, by its key {@code pool/name}; nodes of other pools when a service was named are left out. */
    Map<String, Long> framesPerNode() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        nodes().forEach(n -> m.put(n.node().key(), tally.nodeFrames(n.id())));
        return m;
    }

    /** New flows placed on each node, by its key. */
    Map<String, Long> flowsPerNode() {
        Map<String, Map<String, Long>> stats = copy.stats();
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        nodes().forEach(n -> m.put(n.node().key(), stats.getOrDefault("node:" + n.node().key(), Map.of()).getOrDefault("new-flows", 0L)));
        return m;
    }

    /** Frames per verdict name. */
    Map<String, Long> verdicts() {
        return tally.verdicts();
    }

    /** Frames written to the output, or -1 without one. */
    long written() {
        return written;
    }

    private List<NodeStatus> nodes() {
        String pool = request.service() == null ? null : copy.service(request.service()).map(s -> s.pool()).orElse(null);
        return copy.nodes(pool);
    }

    /** The text the command prints. */
    String format() {
        StringBuilder sb = new StringBuilder();
        sb.append("replayed ").append(request.input()).append(": ").append(tally.frames()).append(" frames, ")
                .append(tally.decidedToNodes()).append(" to nodes")
                .append(request.service() == null ? "" : "; service " + request.service())
                .append(request.policy() == null ? "" : "; every pool on policy " + request.policy()).append('\n');
        List<String> policies = new ArrayList<>();
        for (PoolStatus p : copy.pools()) {
            policies.add(p.pool().name() + " " + p.policyInUse()
                    + (p.fallback() ? " (fallback: " + p.pool().policy() + " not installed)" : ""));
        }
        sb.append("policies: ").append(policies.isEmpty() ? "no pools" : String.join(", ", policies)).append('\n');
        Map<String, Long> flows = flowsPerNode();
        long totalFlows = flows.values().stream().mapToLong(Long::longValue).sum();
        long toNodes = tally.decidedToNodes();
        boolean madeUp = false;
        TextTable nodes = new TextTable("NODE", "ADDRESS", "MAC", "FLOWS", "FLOWS%", "FRAMES", "FRAMES%");
        for (NodeStatus n : nodes()) {
            Node node = n.node();
            madeUp |= table.madeUpMac(n.id());
            long f = flows.get(node.key());
            long frames = tally.nodeFrames(n.id());
            nodes.row(node.key(), address(node), Macs.toString(table.mac(n.id())) + (table.madeUpMac(n.id()) ? "*" : ""),
                    Long.toString(f), percent(f, totalFlows), Long.toString(frames), percent(frames, toNodes));
        }
        sb.append(nodes).append('\n');
        TextTable verdicts = new TextTable("VERDICT", "FRAMES", "SHARE");
        tally.verdicts().forEach((v, n) -> verdicts.row(v, Long.toString(n), percent(n, tally.frames())));
        sb.append(verdicts);
        if (madeUp) {
            sb.append("\n* no MAC configured (node --mac): frames carry 02:00:00:00:00:NN made from the node's id (NN = id + 1)");
        }
        if (tally.badChecksums() > 0) {
            sb.append('\n').append(tally.badChecksums()).append(" frames carried bad checksums as captured (on the sending host"
                    + " they are left to the NIC); replayed all the same, and rewriting keeps them as wrong as they came");
        }
        if (written >= 0) {
            sb.append("\nwrote ").append(written).append(" frames to ").append(request.output());
        }
        return sb.toString();
    }

    private static String address(Node n) {
        String a = n.address().toString();
        if (n.port() == 0) {
            return a;
        }
        return n.address().isV4() ? a + ":" + n.port() : "[" + a + "]:" + n.port();
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
    }
}
