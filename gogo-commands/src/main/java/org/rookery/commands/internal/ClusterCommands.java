package org.rookery.commands.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rookery.api.health.HealthCheck;
import org.rookery.api.health.HealthService;
import org.rookery.api.health.NodeHealth;
import org.rookery.api.load.LoadReceiver;
import org.rookery.api.classify.ClassificationChain;
import org.rookery.api.cluster.ClusterAdminService;
import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.conntrack.Connection;
import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.datapath.Datapath;
import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * The cluster commands of the {@code rookery} scope, one noun each taking a verb, as {@code ip} does:
 * {@code service}, {@code pool}, {@code node}, {@code rule}, {@code portspace}, {@code conns}, {@code stats}.
 * A wrong argument is one line saying what is wrong and what is expected, and changes nothing.
 */
@Component(service = ClusterCommands.class, property = {
        "osgi.command.scope=rookery",
        "osgi.command.function=service", "osgi.command.function=pool", "osgi.command.function=node",
        "osgi.command.function=rule", "osgi.command.function=portspace", "osgi.command.function=conns",
        "osgi.command.function=stats"
})
public class ClusterCommands {

    static final String SERVICE_USAGE = ItemArgs.SERVICE_ADD + " | service del NAME | service list";
    static final String POOL_USAGE = ItemArgs.POOL_ADD + " | pool set NAME --policy NAME"
            + " [--option KEY=VALUE]... | pool del NAME | pool list";
    static final String NODE_USAGE = ItemArgs.NODE_ADD
            + " | node set POOL NAME [--weight W] [--load L] [--state up|down|draining|disabled]"
            + " | node drain|up|down|disable|del POOL NAME | node list [POOL]";
    static final String RULE_USAGE = ItemArgs.RULE_ADD + " | rule del ID | rule list";
    static final String PORTSPACE_USAGE = ItemArgs.PORTSPACE_SET + " | portspace off | portspace show";
    static final String CONNS_USAGE = "conns [--pool P] [--node N] [--limit K]";

    private final ClusterService cluster;
    private final ClusterAdminService admin;
    private final ConnectionTable conntrack;
    private final ClassificationChain chain;
    /** Optional: node health checks, for the HEALTH column and stats. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HealthService health;
    /** The datapaths, for bytes per node and latency in stats. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<Datapath> datapaths = List.of();
    /** Optional: the agent receiver, for the REPORT column and stats. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile LoadReceiver receiver;

    /** Built by DS with the cluster services. */
    @Activate
    public ClusterCommands(@Reference ClusterService cluster, @Reference ClusterAdminService admin,
                           @Reference ConnectionTable conntrack, @Reference ClassificationChain chain) {
        this.cluster = cluster;
        this.admin = admin;
        this.conntrack = conntrack;
        this.chain = chain;
    }

    private static String verb(Object[] args, String usage) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing verb; usage: " + usage);
        }
        return String.valueOf(args[0]);
    }

    private static IllegalArgumentException unknownVerb(String verb, String usage) {
        return new IllegalArgumentException("unknown verb '" + verb + "'; usage: " + usage);
    }

    // ---------------------------------------------------------------- service

    /** Adds, deletes or lists virtual services. */
    @Descriptor("manage virtual services: " + SERVICE_USAGE)
    public String service(@Descriptor("verb and arguments: " + SERVICE_USAGE) Object... args) {
        String verb = verb(args, SERVICE_USAGE);
        switch (verb) {
            case "add": {
                VirtualService s = ItemArgs.service(args);
                admin.addService(s);
                return "service " + s.name() + " added: " + s.protocol() + " " + s.vip() + ":" + s.ports() + " -> pool "
                        + s.pool() + " (" + s.method() + ")";
            }
            case "del": {
                Args a = Args.parse(args, 1, Set.of(), "service del NAME").positional("NAME");
                admin.removeService(a.word(0));
                return "service " + a.word(0) + " deleted";
            }
            case "list": {
                Args.parse(args, 1, Set.of(), "service list").positional();
                Table t = new Table("NAME", "VIP", "PROTO", "PORTS", "POOL", "MODE", "IFACE");
                for (VirtualService s : cluster.services()) {
                    t.row(s.name(), s.vip().toString(), s.protocol().toString(), s.ports().toString(), s.pool(),
                            s.method().toString(), s.iface());
                }
                return t.toString();
            }
            default:
                throw unknownVerb(verb, SERVICE_USAGE);
        }
    }

    // ---------------------------------------------------------------- pool

    /** Adds, changes, deletes or lists pools. */
    @Descriptor("manage pools and their distribution policy: " + POOL_USAGE)
    public String pool(@Descriptor("verb and arguments: " + POOL_USAGE) Object... args) {
        String verb = verb(args, POOL_USAGE);
        switch (verb) {
            case "add": {
                Pool p = ItemArgs.pool(args);
                admin.addPool(p.name(), p.policy(), p.options());
                return "pool " + p.name() + " added";
            }
            case "set": {
                Args a = Args.parse(args, 1, Set.of("--policy", "--option"),
                        "pool set NAME --policy NAME [--option KEY=VALUE]...").positional("NAME");
                if (!a.has("--policy") && !a.has("--option")) {
                    throw a.error("nothing to set");
                }
                admin.setPoolPolicy(a.word(0), a.get("--policy"), a.keyValues("--option"));
                PoolStatus p = cluster.pools().stream().filter(s -> s.pool().name().equals(a.word(0))).findFirst().orElseThrow();
                return "pool " + a.word(0) + " policy " + p.pool().policy()
                        + (p.fallback() ? " (not installed: using the round-robin fallback until it is)" : "");
            }
            case "del": {
                Args a = Args.parse(args, 1, Set.of(), "pool del NAME").positional("NAME");
                admin.removePool(a.word(0));
                return "pool " + a.word(0) + " deleted";
            }
            case "list": {
                Args.parse(args, 1, Set.of(), "pool list").positional();
                Table t = new Table("NAME", "POLICY", "IN-USE", "NODES", "USABLE", "OPTIONS");
                Map<String, Integer> nodes = new HashMap<>();
                cluster.nodes(null).forEach(n -> nodes.merge(n.node().pool(), 1, Integer::sum));
                for (PoolStatus p : cluster.pools()) {
                    t.row(p.pool().name(), p.pool().policy(),
                            p.fallback() ? p.policyInUse() + " (fallback: " + p.pool().policy() + " not installed)" : p.policyInUse(),
                            Integer.toString(nodes.getOrDefault(p.pool().name(), 0)), Integer.toString(p.usableNodes()),
                            p.pool().options().isEmpty() ? "-" : p.pool().options().toString());
                }
                return t.toString();
            }
            default:
                throw unknownVerb(verb, POOL_USAGE);
        }
    }

    // ---------------------------------------------------------------- node

    /** Adds, changes, drains, deletes or lists nodes. */
    @Descriptor("manage the nodes of pools: " + NODE_USAGE)
    public String node(@Descriptor("verb and arguments: " + NODE_USAGE) Object... args) {
        String verb = verb(args, NODE_USAGE);
        switch (verb) {
            case "add": {
                Node n = ItemArgs.node(args);
                admin.addNode(n);
                return "node " + n.key() + " added";
            }
            case "set": {
                Args a = Args.parse(args, 1, Set.of("--weight", "--load", "--state"),
                        "node set POOL NAME [--weight W] [--load L] [--state up|down|draining|disabled]").positional("POOL", "NAME");
                if (!a.has("--weight") && !a.has("--load") && !a.has("--state")) {
                    throw a.error("nothing to set");
                }
                NodeState state = null;
                if (a.has("--state")) {
                    try {
                        state = NodeState.parse(a.get("--state"));
                    } catch (IllegalArgumentException e) {
                        throw a.error(e.getMessage());
                    }
                }
                int weight = a.integer("--weight", 0, Node.MAX_WEIGHT, -1);
                double load = a.has("--load") ? a.decimal("--load", 0, 1000) : Double.NaN;
                if (weight >= 0) {
                    admin.setNodeWeight(a.word(0), a.word(1), weight);
                }
                if (state != null) {
                    admin.setNodeState(a.word(0), a.word(1), state);
                }
                if (a.has("--load")) {
                    admin.setNodeLoad(a.word(0), a.word(1), load);
                }
                return "node " + a.word(0) + "/" + a.word(1) + " updated";
            }
            case "drain", "up", "down", "disable": {
                Args a = Args.parse(args, 1, Set.of(), "node " + verb + " POOL NAME").positional("POOL", "NAME");
                NodeState s = switch (verb) {
                    case "drain" -> NodeState.DRAINING;
                    case "up" -> NodeState.UP;
                    case "down" -> NodeState.DOWN;
                    default -> NodeState.DISABLED;
                };
                admin.setNodeState(a.word(0), a.word(1), s);
                return "node " + a.word(0) + "/" + a.word(1) + " " + s;
            }
            case "del": {
                Args a = Args.parse(args, 1, Set.of(), "node del POOL NAME").positional("POOL", "NAME");
                admin.removeNode(a.word(0), a.word(1));
                return "node " + a.word(0) + "/" + a.word(1) + " deleted";
            }
            case "list": {
                Args a = Args.parse(args, 1, Set.of(), "node list [POOL]");
                if (a.positionalCount() > 1) {
                    a.positional("POOL");
                }
                String pool = a.positionalCount() == 1 ? a.word(0) : null;
                if (pool != null && cluster.pools().stream().noneMatch(p -> p.pool().name().equals(pool))) {
                    throw new IllegalArgumentException("no pool named " + pool + "; see 'pool list'");
                }
                Table t = new Table("POOL", "NAME", "ADDRESS", "WEIGHT", "STATE", "INDEX", "ACTIVE", "INACTIVE", "LOAD",
                        "REPORT", "HEALTH");
                HealthService h = health;
                LoadReceiver r = receiver;
                for (NodeStatus n : cluster.nodes(pool)) {
                    Node c = n.node();
                    NodeHealth nh = h == null ? null : h.health(c.pool(), c.name());
                    long last = r == null ? -1 : r.lastReportMillis(c.pool(), c.name());
                    t.row(c.pool(), c.name(), Endpoint.format(c.address(), c.port()), Integer.toString(c.weight()),
                            // the effective state, and why when checks override an operator's up
                            n.state() != c.state() ? n.state() + " (health)" : n.state().toString(),
                            c.index() < 0 ? "-" : Integer.toString(c.index()),
                            Integer.toString(n.activeConnections()), Integer.toString(n.inactiveConnections()),
                            n.load() == null ? "unknown" : String.format("%.2f", n.load().normalised()),
                            last < 0 ? "-" : HealthChecks.age(last) + " ago",
                            HealthChecks.summary(nh));
                }
                return t.toString();
            }
            default:
                throw unknownVerb(verb, NODE_USAGE);
        }
    }

    // ---------------------------------------------------------------- rule

    /** Adds, deletes or lists rules of the classification chain. */
    @Descriptor("manage the classification rules (first match wins): " + RULE_USAGE)
    public String rule(@Descriptor("verb and arguments: " + RULE_USAGE) Object... args) {
        String verb = verb(args, RULE_USAGE);
        switch (verb) {
            case "add": {
                Args a = ItemArgs.ruleArgs(args);
                Rule r = ItemArgs.rule(a);
                Rule added = admin.addRule(a.integer("--pos", 0, 100_000, 0), r);
                return "rule " + added.id() + " added";
            }
            case "del": {
                Args a = Args.parse(args, 1, Set.of(), "rule del ID").positional("ID");
                int id;
                try {
                    id = Integer.parseInt(a.word(0));
                } catch (NumberFormatException e) {
                    throw a.error("rule id '" + a.word(0) + "' is not a number");
                }
                admin.removeRule(id);
                return "rule " + id + " deleted";
            }
            case "list": {
                Args.parse(args, 1, Set.of(), "rule list").positional();
                Table t = new Table("POS", "ID", "PROTO", "SRC", "DST", "DPORT", "IFACE", "TO");
                int pos = 1;
                for (Rule r : cluster.rules()) {
                    t.row(Integer.toString(pos++), Integer.toString(r.id()), r.protocol() == 0 ? "any" : Protocol.nameOf(r.protocol()),
                            str(r.source()), str(r.destination()), str(r.destinationPorts()), r.iface(), r.verdict().toString());
                }
                return t + "\nchain: " + String.join(" -> ", chain.links()) + "\ndefault verdict: "
                        + cluster.defaultVerdict().map(Object::toString).orElse("unknown (no classification chain running)")
                        + " (what matches no rule, port-space slice or service; default.verdict in org.rookery.classifier)";
            }
            default:
                throw unknownVerb(verb, RULE_USAGE);
        }
    }

    private static String str(Object o) {
        return o == null ? "any" : o.toString();
    }

    // ---------------------------------------------------------------- portspace

    /** Sets or shows the private port space. */
    @Descriptor("set or show the private port space (one slice of ports per node index): " + PORTSPACE_USAGE)
    public String portspace(@Descriptor("verb and arguments: " + PORTSPACE_USAGE) Object... args) {
        String verb = verb(args, PORTSPACE_USAGE);
        switch (verb) {
            case "set": {
                PortSpace ps = ItemArgs.portSpace(args);
                admin.setPortSpace(ps);
                return "port space: base " + ps.base() + ", slice " + ps.slice() + ", " + ps.slices() + " slices";
            }
            case "off": {
                Args.parse(args, 1, Set.of(), "portspace off").positional();
                admin.setPortSpace(PortSpace.DISABLED);
                return "port space off";
            }
            case "show": {
                Args.parse(args, 1, Set.of(), "portspace show").positional();
                PortSpace ps = cluster.portSpace();
                if (ps.disabled()) {
                    return "port space off (set it with 'portspace set --base B --slice S')";
                }
                Table t = new Table("INDEX", "PORTS", "NODE");
                for (NodeStatus n : cluster.nodes(null)) {
                    int i = n.node().index();
                    t.row(i < 0 ? "-" : Integer.toString(i), i >= 0 && i < ps.slices() ? ps.sliceOf(i).toString() : "none (beyond "
                            + ps.slices() + " slices)", n.node().key());
                }
                return "port space: base " + ps.base() + ", slice " + ps.slice() + ", " + ps.slices() + " slices\n" + t;
            }
            default:
                throw unknownVerb(verb, PORTSPACE_USAGE);
        }
    }

    // ---------------------------------------------------------------- conns and stats

    /** Lists tracked connections. */
    @Descriptor("list tracked connections: " + CONNS_USAGE)
    public String conns(@Descriptor("filters: " + CONNS_USAGE) Object... args) {
        Args a = Args.parse(args, 0, Set.of("--pool", "--node", "--limit"), CONNS_USAGE).positional();
        int limit = a.integer("--limit", 1, 1_000_000, 100);
        Map<Integer, Node> byId = new HashMap<>();
        cluster.nodes(null).forEach(n -> byId.put(n.id(), n.node()));
        String pool = a.get("--pool");
        String node = a.get("--node");
        if (pool != null && cluster.pools().stream().noneMatch(p -> p.pool().name().equals(pool))) {
            throw a.error("no pool named " + pool);
        }
        Predicate<Connection> filter = c -> {
            Node n = byId.get(c.nodeId());
            return (pool == null || (n != null && n.pool().equals(pool)))
                    && (node == null || (n != null && (n.name().equals(node) || n.key().equals(node))));
        };
        List<Connection> list = conntrack.dump(filter, limit, System.nanoTime());
        Table t = new Table("PROTO", "SOURCE", "DESTINATION", "NODE", "STATE", "EXPIRES", "PACKETS");
        for (Connection c : list) {
            Node n = byId.get(c.nodeId());
            String[] parts = c.key().toString().split(" ");
            t.row(parts[0], parts[1], parts[3], n == null ? "#" + c.nodeId() : n.key(), c.state().toString(),
                    (c.expiresInMillis() / 1000) + "s", Long.toString(c.packets()));
        }
        return t + "\n" + list.size() + " shown, " + conntrack.size() + " tracked";
    }

    /** {@code latency:capture/dr count=N p50=3.1us p99=12.0us}, for what was timed at all. */
    private static void latency(StringBuilder sb, String what, LatencyHistogram h) {
        if (h.count() > 0) {
            sb.append("latency:").append(what).append(' ').append(h).append('\n');
        }
    }

    /** Prints counters per service, pool and node, and of the connection table and dispatcher. */
    @Descriptor("print counters per service, pool and node (new flows, active flows, bytes in and out), drops by reason,"
            + " evictions, and each datapath's latency (p50, p99)")
    public String stats() {
        StringBuilder sb = new StringBuilder();
        List<Datapath> dps = datapaths;
        Map<String, NodeTraffic> traffic = new HashMap<>();
        dps.forEach(d -> d.nodeTraffic().forEach((k, v) -> traffic.merge(k, v, NodeTraffic::plus)));
        for (Map.Entry<String, Map<String, Long>> e : cluster.stats().entrySet()) {
            List<String> parts = new ArrayList<>();
            e.getValue().forEach((k, v) -> parts.add(k + "=" + v));
            if (e.getKey().startsWith("node:")) {
                NodeTraffic t = traffic.getOrDefault(e.getKey().substring(5), new NodeTraffic(0, 0));
                parts.add("bytes-in=" + t.bytesIn());
                parts.add("bytes-out=" + t.bytesOut());
            }
            sb.append(e.getKey()).append(' ').append(parts.isEmpty() ? "-" : String.join(" ", parts)).append('\n');
        }
        HealthService h = health;
        if (h != null) {
            for (HealthCheck c : h.checks()) {
                for (NodeStatus n : cluster.nodes(c.pool())) {
                    NodeHealth nh = h.health(c.pool(), n.node().name());
                    if (nh != null) {
                        sb.append("health:").append(n.node().key()).append(" state=").append(nh.healthy() ? "ok" : "failed")
                                .append(" checks=").append(nh.checks()).append(" failed=").append(nh.failed())
                                .append(" transitions=").append(nh.transitions()).append('\n');
                    }
                }
            }
        }
        for (Datapath d : dps) {
            d.packetLatency().forEach((mode, lh) -> latency(sb, d.name() + "/" + mode, lh));
            d.connectLatency().forEach((protocol, lh) -> latency(sb, d.name() + "/" + protocol + "-connect", lh));
        }
        LoadReceiver r = receiver;
        if (r != null) {
            List<String> parts = new ArrayList<>();
            r.counters().forEach((k, v) -> parts.add(k + "=" + v));
            sb.append("agent ").append(String.join(" ", parts)).append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
