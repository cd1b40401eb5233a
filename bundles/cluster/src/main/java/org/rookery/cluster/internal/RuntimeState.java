package org.rookery.cluster.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.VirtualService;

/**
 * What the dispatcher reads on every decision, built from one configuration and published whole by a
 * volatile write: pools with their members and selectors, nodes by id and by key, services.
 */
final class RuntimeState {

    final ClusterConfig config;
    final Map<String, PoolRuntime> pools;
    final Map<String, NodeRuntime> nodesByKey;
    final NodeRuntime[] nodesById;
    final ServiceRuntime[] services;

    private RuntimeState(ClusterConfig config, Map<String, PoolRuntime> pools, Map<String, NodeRuntime> nodesByKey,
                         NodeRuntime[] nodesById, ServiceRuntime[] services) {
        this.config = config;
        this.pools = pools;
        this.nodesByKey = nodesByKey;
        this.nodesById = nodesById;
        this.services = services;
    }

    static RuntimeState build(ClusterConfig config, NodeIds ids, Counters counters, ConnectionTable conntrack) {
        return build(config, ids, counters, conntrack, Set.of());
    }

    /**
     * As above, with the keys of nodes that failed their health checks: such a node that the operator keeps
     * up is down; an operator's draining, disabled or down stays as it is.
     */
    static RuntimeState build(ClusterConfig config, NodeIds ids, Counters counters, ConnectionTable conntrack,
                              Set<String> unhealthy) {
        Map<String, NodeRuntime> byKey = new HashMap<>();
        int maxId = -1;
        for (Node n : config.nodes.values()) {
            NodeState effective = n.state() == NodeState.UP && unhealthy.contains(n.key()) ? NodeState.DOWN : n.state();
            NodeRuntime r = new NodeRuntime(ids.idFor(n.key()), n, effective, counters.scope("node:" + n.key()));
            byKey.put(n.key(), r);
            maxId = Math.max(maxId, r.id);
        }
        NodeRuntime[] byId = new NodeRuntime[maxId + 1];
        byKey.values().forEach(r -> byId[r.id] = r);
        Map<String, PoolRuntime> pools = new HashMap<>();
        for (Pool p : config.pools.values()) {
            List<NodeRuntime> members = new ArrayList<>();
            config.nodes.values().stream().filter(n -> n.pool().equals(p.name()))
                    .forEach(n -> members.add(byKey.get(n.key()))); // sorted by name: nodes is a TreeMap
            NodeRuntime[] m = members.toArray(new NodeRuntime[0]);
            pools.put(p.name(), new PoolRuntime(p, m, new PoolMembersView(p.name(), m, conntrack),
                    counters.scope("pool:" + p.name())));
        }
        List<ServiceRuntime> services = new ArrayList<>();
        for (VirtualService s : config.services.values()) {
            services.add(new ServiceRuntime(s, counters.scope("service:" + s.name())));
        }
        return new RuntimeState(config, pools, byKey, byId, services.toArray(new ServiceRuntime[0]));
    }
}
