package org.rookery.admin.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.health.HealthService;
import org.rookery.api.health.NodeHealth;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.VirtualService;

/**
 * {@code /metrics}: the cluster's counters and live values as Prometheus metric families, built with the
 * Prometheus Java client's model and written by its text format writer. Everything is read from
 * {@link ClusterService#stats()}, the node and pool status and the datapaths' counters at scrape time,
 * so the datapath pays nothing for being watched.
 */
final class MetricsCollector implements MultiCollector {

    /** The Prometheus text format 0.0.4 content type. */
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;
    /** Datapath counters that go up and down; every other one only grows. */
    private static final Set<String> DATAPATH_GAUGES = Set.of("active", "listeners", "udp-sessions", "max-pending-bytes");

    private final ClusterService cluster;
    private final Supplier<List<Datapath>> datapaths;
    private final Supplier<HealthService> health;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = new PrometheusTextFormatWriter(false);

    MetricsCollector(ClusterService cluster, Supplier<List<Datapath>> datapaths) {
        this(cluster, datapaths, () -> null);
    }

    /** With the node health checks, when the health bundle runs ({@code health} may give null). */
    MetricsCollector(ClusterService cluster, Supplier<List<Datapath>> datapaths, Supplier<HealthService> health) {
        this.cluster = cluster;
        this.datapaths = datapaths;
        this.health = health;
        registry.register(this);
    }

    /** Writes one scrape in the text format. */
    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    /** One snapshot of every family, read from the cluster and the datapaths now. */
    @Override
    public MetricSnapshots collect() {
        Map<String, Map<String, Long>> stats = cluster.stats();
        List<MetricSnapshot> out = new ArrayList<>();
        services(stats, out);
        pools(stats, out);
        nodes(stats, out);
        conntrack(stats.getOrDefault("conntrack", Map.of()), out);
        drops(stats, out);
        datapaths(out);
        return new MetricSnapshots(out);
    }

    private void services(Map<String, Map<String, Long>> stats, List<MetricSnapshot> out) {
        Counters flows = new Counters("rookery_service_new_flows", "New flows placed on a node, per service");
        Counters noNode = new Counters("rookery_service_no_node", "New flows refused because the pool had no usable node, per service");
        for (VirtualService s : cluster.services()) {
            Map<String, Long> c = stats.getOrDefault("service:" + s.name(), Map.of());
            Labels l = Labels.of("service", s.name(), "pool", s.pool(), "mode", s.method().toString());
            flows.add(l, c.getOrDefault("new-flows", 0L));
            noNode.add(l, c.getOrDefault("no-node", 0L));
        }
        flows.addTo(out);
        noNode.addTo(out);
    }

    private void pools(Map<String, Map<String, Long>> stats, List<MetricSnapshot> out) {
        Counters flows = new Counters("rookery_pool_new_flows", "New flows placed on a node of the pool");
        Counters noNode = new Counters("rookery_pool_no_node", "New flows refused because the pool had no usable node");
        Gauges usable = new Gauges("rookery_pool_usable_nodes", "Nodes of the pool that can take new flows now");
        InfoSnapshot.Builder policy = InfoSnapshot.builder().name("rookery_pool_policy")
                .help("The policy a pool names and the one placing its new flows now (fallback=true: the named one is not installed)");
        for (PoolStatus p : cluster.pools()) {
            Labels l = Labels.of("pool", p.pool().name());
            Map<String, Long> c = stats.getOrDefault("pool:" + p.pool().name(), Map.of());
            flows.add(l, c.getOrDefault("new-flows", 0L));
            noNode.add(l, c.getOrDefault("no-node", 0L));
            usable.add(l, p.usableNodes());
            policy.dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder().labels(Labels.of("pool", p.pool().name(),
                    "policy", p.pool().policy(), "policy_in_use", p.policyInUse(), "fallback", Boolean.toString(p.fallback()))).build());
        }
        flows.addTo(out);
        noNode.addTo(out);
        usable.addTo(out);
        out.add(policy.build());
    }

    private void nodes(Map<String, Map<String, Long>> stats, List<MetricSnapshot> out) {
        Counters flows = new Counters("rookery_node_new_flows", "New flows placed on the node");
        Counters packets = new Counters("rookery_node_tracked_packets",
                "Packets (packet datapath) or connection events (proxy) of flows already tracked on the node");
        Gauges active = new Gauges("rookery_node_active_flows", "Established flows of the node in the connection table");
        Gauges inactive = new Gauges("rookery_node_inactive_flows", "Other tracked flows of the node (opening, closing, UDP)");
        Gauges weight = new Gauges("rookery_node_weight", "The node's configured weight");
        Gauges load = new Gauges("rookery_node_load", "The node's last reported load (larger of load average per CPU and CPU use)");
        Gauges healthUp = new Gauges("rookery_node_health_up", "1 when the node's health check passes, 0 when it failed (checked nodes only)");
        Counters checks = new Counters("rookery_node_health_checks", "Health checks run on the node");
        Counters failedChecks = new Counters("rookery_node_health_failed_checks", "Health checks of the node that failed");
        Counters transitions = new Counters("rookery_node_health_transitions", "Changes of the node between healthy and failed");
        HealthService checker = health.get();
        StateSetSnapshot.Builder state = StateSetSnapshot.builder().name("rookery_node_state")
                .help("The node's effective state: configuration combined with health");
        for (NodeStatus n : cluster.nodes(null)) {
            Labels l = Labels.of("pool", n.node().pool(), "node", n.node().name());
            Map<String, Long> c = stats.getOrDefault("node:" + n.node().key(), Map.of());
            flows.add(l, c.getOrDefault("new-flows", 0L));
            packets.add(l, c.getOrDefault("tracked-hits", 0L));
            active.add(l, n.activeConnections());
            inactive.add(l, n.inactiveConnections());
            weight.add(l, n.node().weight());
            if (n.load() != null) {
                load.add(l, n.load().normalised());
            }
            NodeHealth h = checker == null ? null : checker.health(n.node().pool(), n.node().name());
            if (h != null) {
                healthUp.add(l, h.healthy() ? 1 : 0);
                checks.add(l, h.checks());
                failedChecks.add(l, h.failed());
                transitions.add(l, h.transitions());
            }
            StateSetSnapshot.StateSetDataPointSnapshot.Builder point = StateSetSnapshot.StateSetDataPointSnapshot.builder().labels(l);
            for (NodeState s : NodeState.values()) {
                point.state(s.toString(), s == n.state());
            }
            state.dataPoint(point.build());
        }
        flows.addTo(out);
        packets.addTo(out);
        active.addTo(out);
        inactive.addTo(out);
        weight.addTo(out);
        load.addTo(out);
        healthUp.addTo(out);
        checks.addTo(out);
        failedChecks.addTo(out);
        transitions.addTo(out);
        out.add(state.build());
    }

    private static void conntrack(Map<String, Long> ct, List<MetricSnapshot> out) {
        long size = ct.getOrDefault("size", 0L);
        long capacity = ct.getOrDefault("capacity", 0L);
        gauge(out, "rookery_conntrack_flows", "Flows in the connection table", size);
        gauge(out, "rookery_conntrack_capacity", "The connection table's hard bound", capacity);
        gauge(out, "rookery_conntrack_occupancy_ratio", "Flows in the connection table over its capacity",
                capacity == 0 ? 0 : (double) size / capacity);
        for (String name : List.of("lookups", "hits", "inserts", "evictions", "expirations", "full")) {
            if (ct.containsKey(name)) {
                Counters c = new Counters("rookery_conntrack_" + name, "Connection table " + name
                        + (name.equals("full") ? " (new flows that found the table full with nothing to evict)" : ""));
                c.add(Labels.EMPTY, ct.get(name));
                c.addTo(out);
            }
        }
    }

    private static void drops(Map<String, Map<String, Long>> stats, List<MetricSnapshot> out) {
        Map<String, Long> d = stats.getOrDefault("dispatcher", Map.of());
        Map<String, Long> byReason = new TreeMap<>(stats.getOrDefault("drops", Map.of()));
        byReason.merge("rule", d.getOrDefault("rule-drops", 0L), Long::sum);
        byReason.merge("node-down", d.getOrDefault("down-drops", 0L), Long::sum);
        byReason.merge("unknown-target", d.getOrDefault("unknown-target", 0L), Long::sum);
        long noNode = 0;
        for (Map.Entry<String, Map<String, Long>> e : stats.entrySet()) {
            if (e.getKey().startsWith("pool:")) {
                noNode += e.getValue().getOrDefault("no-node", 0L);
            }
        }
        byReason.merge("no-node", noNode, Long::sum);
        Counters drops = new Counters("rookery_drops", "Flows or packets the front-end dropped, by reason");
        byReason.forEach((reason, v) -> drops.add(Labels.of("reason", reason), v));
        drops.addTo(out);
        Counters local = new Counters("rookery_local_flows", "Flows the chain left to the host (verdict local)");
        local.add(Labels.EMPTY, d.getOrDefault("local", 0L));
        local.addTo(out);
        Counters rescheduled = new Counters("rookery_rescheduled_flows", "Flows of a down or deleted node placed anew");
        rescheduled.add(Labels.EMPTY, d.getOrDefault("rescheduled", 0L));
        rescheduled.addTo(out);
        Counters untracked = new Counters("rookery_untracked_flows", "New flows forwarded without an entry: the table was full");
        untracked.add(Labels.EMPTY, d.getOrDefault("untracked", 0L));
        untracked.addTo(out);
    }

    private void datapaths(List<MetricSnapshot> out) {
        List<Datapath> dps = datapaths.get();
        if (dps == null) {
            return;
        }
        // one family per counter name, with a data point per datapath that has it
        Map<String, Counters> counters = new TreeMap<>();
        Map<String, Gauges> gauges = new TreeMap<>();
        Counters drops = new Counters("rookery_datapath_drops", "Connections, datagrams or packets a datapath dropped, by reason");
        for (Datapath dp : dps) {
            for (Map.Entry<String, Long> e : dp.counters().entrySet()) {
                String key = e.getKey();
                if (key.startsWith("drops.")) {
                    drops.add(Labels.of("datapath", dp.name(), "reason", key.substring(6)), e.getValue());
                } else if (DATAPATH_GAUGES.contains(key)) {
                    gauges.computeIfAbsent(key, k -> new Gauges("rookery_datapath_" + metricName(k), "Datapath value " + k))
                            .add(Labels.of("datapath", dp.name()), e.getValue());
                } else {
                    counters.computeIfAbsent(key, k -> new Counters("rookery_datapath_" + metricName(k), "Datapath counter " + k))
                            .add(Labels.of("datapath", dp.name()), e.getValue());
                }
            }
        }
        counters.values().forEach(c -> c.addTo(out));
        gauges.values().forEach(g -> g.addTo(out));
        drops.addTo(out);
        latencies(dps, out);
        nodeBytes(dps, out);
    }

    /** The datapaths' latency histograms, with their fixed log-scale buckets as classic buckets. */
    private static void latencies(List<Datapath> dps, List<MetricSnapshot> out) {
        HistogramSnapshot.Builder packet = HistogramSnapshot.builder().name("rookery_datapath_packet_latency_seconds")
                .help("Time of a frame in the packet datapath, from its arrival in the process to its send or drop, by mode"
                        + " (dr, nat, tun; nat-out: NAT replies; drop; other: ARP and frames left to the host)");
        HistogramSnapshot.Builder connect = HistogramSnapshot.builder().name("rookery_datapath_connect_latency_seconds")
                .help("Time of a new proxied connection from its arrival to its node connection established (decision, retries, connect)");
        boolean anyPacket = false;
        boolean anyConnect = false;
        for (Datapath dp : dps) {
            for (Map.Entry<String, LatencyHistogram> e : dp.packetLatency().entrySet()) {
                packet.dataPoint(histogram(Labels.of("datapath", dp.name(), "mode", e.getKey()), e.getValue()));
                anyPacket = true;
            }
            for (Map.Entry<String, LatencyHistogram> e : dp.connectLatency().entrySet()) {
                connect.dataPoint(histogram(Labels.of("datapath", dp.name(), "protocol", e.getKey()), e.getValue()));
                anyConnect = true;
            }
        }
        if (anyPacket) {
            out.add(packet.build());
        }
        if (anyConnect) {
            out.add(connect.build());
        }
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot histogram(Labels labels, LatencyHistogram h) {
        double[] bounds = new double[LatencyHistogram.BUCKETS];
        for (int k = 0; k < bounds.length; k++) {
            bounds[k] = LatencyHistogram.upperBoundSeconds(k); // the last is +Inf
        }
        return HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, h.counts())).sum(h.sumSeconds()).build();
    }

    /**
     * Bytes per node and datapath, for the nodes that exist now: every node of a pool that a service of
     * the datapath's modes uses has its series (zero before any traffic), so a rate starts at once.
     */
    private void nodeBytes(List<Datapath> dps, List<MetricSnapshot> out) {
        List<VirtualService> services = cluster.services();
        Set<String> nodes = new java.util.HashSet<>();
        cluster.nodes(null).forEach(n -> nodes.add(n.node().key()));
        Set<String> pools = new java.util.HashSet<>();
        cluster.pools().forEach(p -> pools.add(p.pool().name()));
        Counters poolBytes = new Counters("rookery_pool_bytes", "Bytes a datapath carried for the pool's nodes, deleted ones"
                + " included, by direction as rookery_node_bytes_total");
        Counters bytes = new Counters("rookery_node_bytes",
                "Bytes a datapath carried for the node: direction in = from clients to the node, out = from the node to clients"
                        + " (the packet datapath sees out only for NAT; in dr and tun nodes answer clients directly)");
        for (Datapath dp : dps) {
            Map<String, NodeTraffic> traffic = new TreeMap<>();
            for (NodeStatus n : cluster.nodes(null)) {
                if (services.stream().anyMatch(s -> s.pool().equals(n.node().pool()) && dp.methods().contains(s.method()))) {
                    traffic.put(n.node().key(), new NodeTraffic(0, 0));
                }
            }
            dp.nodeTraffic().forEach((k, v) -> traffic.put(k, v));
            Map<String, NodeTraffic> byPool = new TreeMap<>();
            for (Map.Entry<String, NodeTraffic> e : traffic.entrySet()) {
                int slash = e.getKey().indexOf('/');
                String pool = e.getKey().substring(0, slash);
                String node = e.getKey().substring(slash + 1);
                byPool.merge(pool, e.getValue(), NodeTraffic::plus); // deleted nodes too: the pool's total never goes down
                if (!nodes.contains(e.getKey())) {
                    continue; // a deleted node's own series ends with it
                }
                bytes.add(Labels.of("datapath", dp.name(), "direction", "in", "node", node, "pool", pool), e.getValue().bytesIn());
                bytes.add(Labels.of("datapath", dp.name(), "direction", "out", "node", node, "pool", pool), e.getValue().bytesOut());
            }
            byPool.forEach((pool, t) -> {
                if (pools.contains(pool)) {
                    poolBytes.add(Labels.of("datapath", dp.name(), "direction", "in", "pool", pool), t.bytesIn());
                    poolBytes.add(Labels.of("datapath", dp.name(), "direction", "out", "pool", pool), t.bytesOut());
                }
            });
        }
        bytes.addTo(out);
        poolBytes.addTo(out);
    }

    /** {@code bytes-in} to {@code bytes_in}; {@code _total} is the format's own counter suffix, so {@code -total} becomes {@code _all}. */
    static String metricName(String counter) {
        String s = counter.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return s.endsWith("_total") ? s.substring(0, s.length() - 6) + "_all" : s;
    }

    private static void gauge(List<MetricSnapshot> out, String name, String help, double v) {
        Gauges g = new Gauges(name, help);
        g.add(Labels.EMPTY, v);
        g.addTo(out);
    }

    /** A counter or gauge family being filled; left out of the scrape when it has no data point. */
    private static class Family {
        private final CounterSnapshot.Builder counter;
        private final GaugeSnapshot.Builder gauge;
        private boolean any;

        private Family(String name, String help, boolean isCounter) {
            counter = isCounter ? CounterSnapshot.builder().name(name).help(help) : null;
            gauge = isCounter ? null : GaugeSnapshot.builder().name(name).help(help);
        }

        void add(Labels labels, double value) {
            if (counter != null) {
                counter.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
            } else {
                gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
            }
            any = true;
        }

        void addTo(List<MetricSnapshot> out) {
            if (any) {
                out.add(counter != null ? counter.build() : gauge.build());
            }
        }
    }

    /** A counter family (exposed with the {@code _total} suffix). */
    private static final class Counters extends Family {
        Counters(String name, String help) {
            super(name, help, true);
        }
    }

    /** A gauge family. */
    private static final class Gauges extends Family {
        Gauges(String name, String help) {
            super(name, help, false);
        }
    }
}
