package org.rookery.admin.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.rookery.api.cluster.ClusterService;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/** A cluster of one service, one pool (wrr) and two nodes, whose counters a test sets. */
final class FakeCluster implements ClusterService {

    /** New flows of node n1, as a test moves it. */
    long n1Flows = 7;
    /** Rule drops, as a test moves it. */
    long ruleDrops = 2;

    private final VirtualService web = new VirtualService("web", IpAddress.parse("192.0.2.10"), Protocol.TCP,
            PortRange.parse("80"), "web", ForwardingMethod.PROXY, null);

    @Override
    public List<VirtualService> services() {
        return List.of(web);
    }

    @Override
    public Optional<VirtualService> service(String name) {
        return name.equals("web") ? Optional.of(web) : Optional.empty();
    }

    @Override
    public List<PoolStatus> pools() {
        return List.of(new PoolStatus(new Pool("web", "maglev"), "rr", true, 1));
    }

    @Override
    public List<NodeStatus> nodes(String pool) {
        Node n1 = new Node("web", "n1", IpAddress.parse("10.0.0.1"), 0, null, 3, NodeState.UP, 0);
        Node n2 = new Node("web", "n2", IpAddress.parse("10.0.0.2"), 8080, null, 1, NodeState.DRAINING, 1);
        return List.of(new NodeStatus(n1, 0, NodeState.UP, 4, 1, new NodeLoad(0.25, 0.5, 4, 0.1, -1, 0)),
                new NodeStatus(n2, 1, NodeState.DRAINING, 2, 0, null));
    }

    @Override
    public List<Rule> rules() {
        return List.of(new Rule(1, 6, Cidr.parse("198.51.100.0/24"), null, PortRange.parse("22"), null, Verdict.parse("drop")));
    }

    @Override
    public Optional<Verdict> defaultVerdict() {
        return Optional.of(Verdict.pool("web"));
    }

    @Override
    public PortSpace portSpace() {
        return PortSpace.DISABLED;
    }

    @Override
    public Map<String, Map<String, Long>> stats() {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        m.put("service:web", Map.of("new-flows", n1Flows + 3, "no-node", 1L, "tracked-hits", 50L));
        m.put("pool:web", Map.of("new-flows", n1Flows + 3, "no-node", 1L, "tracked-hits", 50L));
        m.put("node:web/n1", Map.of("new-flows", n1Flows, "no-node", 0L, "tracked-hits", 40L, "active", 4L, "inactive", 1L));
        m.put("node:web/n2", Map.of("new-flows", 3L, "no-node", 0L, "tracked-hits", 10L, "active", 2L, "inactive", 0L));
        m.put("conntrack", Map.of("lookups", 60L, "hits", 50L, "inserts", 10L, "evictions", 0L, "expirations", 3L, "full", 0L,
                "size", 7L, "capacity", 1000L));
        m.put("dispatcher", Map.of("local", 0L, "rule-drops", ruleDrops, "down-drops", 0L, "rescheduled", 0L,
                "untracked", 0L, "unknown-target", 0L));
        m.put("drops", Map.of("truncated", 5L));
        return m;
    }
}
