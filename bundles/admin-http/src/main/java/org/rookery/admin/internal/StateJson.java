package org.rookery.admin.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.Node;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/**
 * The document behind the dashboard ({@code /api/state}): pools with their nodes (state, weight, load,
 * connections, new flows so far), the rule chain in order, services, drops by reason, the connection
 * table and each datapath's counters. Counters are totals; the page turns them into rates, using
 * {@code uptimeMillis}, a monotonic clock, so a slow poll does not show as a dip.
 */
final class StateJson {

    private static final long STARTED = System.nanoTime();

    private final ClusterService cluster;
    private final Supplier<List<Datapath>> datapaths;

    StateJson(ClusterService cluster, Supplier<List<Datapath>> datapaths) {
        this.cluster = cluster;
        this.datapaths = datapaths;
    }

    /** The document now. */
    String json() {
        Map<String, Map<String, Long>> stats = cluster.stats();
        List<NodeStatus> nodes = cluster.nodes(null);
        List<Datapath> dps = datapaths.get();
        Map<String, NodeTraffic> traffic = new HashMap<>();
        if (dps != null) {
            dps.forEach(d -> d.nodeTraffic().forEach((k, v) -> traffic.merge(k, v, NodeTraffic::plus)));
        }
        Json j = new Json().object();
        j.field("uptimeMillis", (System.nanoTime() - STARTED) / 1_000_000);
        j.field("timeMillis", System.currentTimeMillis());
        j.key("pools").array();
        for (PoolStatus p : cluster.pools()) {
            Map<String, Long> pc = stats.getOrDefault("pool:" + p.pool().name(), Map.of());
            j.object().field("name", p.pool().name()).field("policy", p.pool().policy())
                    .field("policyInUse", p.policyInUse()).key("fallback").value(p.fallback())
                    .field("usableNodes", p.usableNodes()).field("newFlows", pc.getOrDefault("new-flows", 0L))
                    .field("noNode", pc.getOrDefault("no-node", 0L));
            j.key("nodes").array();
            for (NodeStatus n : nodes) {
                if (n.node().pool().equals(p.pool().name())) {
                    node(j, n, stats.getOrDefault("node:" + n.node().key(), Map.of()),
                            traffic.getOrDefault(n.node().key(), new NodeTraffic(0, 0)));
                }
            }
            j.endArray().end();
        }
        j.endArray();
        j.key("services").array();
        for (VirtualService s : cluster.services()) {
            Map<String, Long> sc = stats.getOrDefault("service:" + s.name(), Map.of());
            j.object().field("name", s.name()).field("vip", s.vip().toString()).field("protocol", s.protocol().toString())
                    .field("ports", s.ports().toString()).field("pool", s.pool()).field("mode", s.method().toString())
                    .field("newFlows", sc.getOrDefault("new-flows", 0L)).field("noNode", sc.getOrDefault("no-node", 0L)).end();
        }
        j.endArray();
        chain(j);
        counters(j, "drops", stats.getOrDefault("drops", Map.of()));
        counters(j, "dispatcher", stats.getOrDefault("dispatcher", Map.of()));
        counters(j, "conntrack", stats.getOrDefault("conntrack", Map.of()));
        j.key("datapaths").array();
        if (dps != null) {
            for (Datapath d : dps) {
                j.object().field("name", d.name());
                counters(j, "counters", d.counters());
                j.key("latency").array();
                d.packetLatency().forEach((mode, h) -> latency(j, "packet", mode, h));
                d.connectLatency().forEach((protocol, h) -> latency(j, "connect", protocol, h));
                j.endArray();
                j.end();
            }
        }
        j.endArray();
        return j.end().toString();
    }

    /** One histogram as count, p50, p99 (seconds, and as text), for the latency table. */
    private static void latency(Json j, String kind, String mode, LatencyHistogram h) {
        j.object().field("kind", kind).field("mode", mode).field("count", h.count());
        j.key("p50").value(h.count() == 0 ? 0 : h.quantile(0.5));
        j.key("p99").value(h.count() == 0 ? 0 : h.quantile(0.99));
        j.field("p50Text", LatencyHistogram.duration(h.quantile(0.5))).field("p99Text", LatencyHistogram.duration(h.quantile(0.99)));
        j.end();
    }

    private static void node(Json j, NodeStatus n, Map<String, Long> c, NodeTraffic t) {
        Node node = n.node();
        j.object().field("name", node.name()).field("address", node.address().toString()).field("port", node.port())
                .field("state", n.state().toString()).field("configuredState", node.state().toString())
                .field("weight", node.weight()).field("active", n.activeConnections())
                .field("inactive", n.inactiveConnections()).field("newFlows", c.getOrDefault("new-flows", 0L))
                .field("hits", c.getOrDefault("tracked-hits", 0L))
                .field("bytesIn", t.bytesIn()).field("bytesOut", t.bytesOut());
        j.key("load");
        if (n.load() == null) {
            j.value((String) null);
        } else {
            j.value(n.load().normalised());
        }
        j.end();
    }

    /** The classification chain as the dispatcher walks it: rules, then the port space, then the services, then the default. */
    private void chain(Json j) {
        j.key("chain").array();
        for (Rule r : cluster.rules()) {
            j.object().field("kind", "rule").field("id", r.id()).field("match", match(r))
                    .field("verdict", r.verdict().toString()).end();
        }
        PortSpace ps = cluster.portSpace();
        if (!ps.disabled()) {
            j.object().field("kind", "portspace").field("match", "VIP port in " + ps.base() + "-" + (ps.base() + ps.slices() * ps.slice() - 1)
                    + " (slices of " + ps.slice() + ")").field("verdict", "node owning the slice").end();
        }
        for (VirtualService s : cluster.services()) {
            j.object().field("kind", "service").field("match", s.protocol() + " " + s.vip() + ":" + s.ports())
                    .field("verdict", "pool:" + s.pool() + " (" + s.method() + ")").end();
        }
        // the chain's own default (org.rookery.classifier default.verdict), as the dispatcher applies it
        j.object().field("kind", "default").field("match", "anything else")
                .field("verdict", cluster.defaultVerdict().map(Verdict::toString).orElse("unknown: no classification chain running")).end();
        j.endArray();
    }

    /** A rule's match in the shell's words: {@code tcp src 198.51.100.0/24 dport 22}, or {@code any}. */
    static String match(Rule r) {
        StringBuilder sb = new StringBuilder();
        if (r.protocol() != 0) {
            sb.append(Protocol.nameOf(r.protocol())).append(' ');
        }
        if (r.source() != null) {
            sb.append("src ").append(r.source()).append(' ');
        }
        if (r.destination() != null) {
            sb.append("dst ").append(r.destination()).append(' ');
        }
        if (r.destinationPorts() != null) {
            sb.append("dport ").append(r.destinationPorts()).append(' ');
        }
        if (r.iface() != null) {
            sb.append("iface ").append(r.iface()).append(' ');
        }
        return sb.length() == 0 ? "any" : sb.toString().trim();
    }

    private static void counters(Json j, String name, Map<String, Long> m) {
        j.key(name).object();
        m.forEach(j::field);
        j.end();
    }
}
