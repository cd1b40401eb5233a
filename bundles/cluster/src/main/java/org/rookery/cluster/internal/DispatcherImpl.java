package org.rookery.cluster.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rookery.api.classify.ClassificationChain;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Verdict;
import org.rookery.api.policy.PoolSelector;

/**
 * The one decision of every datapath (DESIGN.md, "one packet's way", steps 3 to 5): a tracked flow
 * keeps its node; a new one is classified and, for a pool verdict, placed by the pool's policy and
 * tracked. Reads one published runtime state per call; allocates nothing.
 */
@Component(service = Dispatcher.class, configurationPid = "org.rookery.dispatcher")
@Designate(ocd = DispatcherConfig.class)
public class DispatcherImpl implements Dispatcher {

    private final ClusterRuntime cluster;
    private final ClassificationChain chain;
    private final ConnectionTable conntrack;
    private volatile boolean rescheduleDownFlows;

    /** Built by DS, or directly in tests and benchmarks. */
    @Activate
    public DispatcherImpl(@Reference ClusterRuntime cluster, @Reference ClassificationChain chain,
                          @Reference ConnectionTable conntrack, DispatcherConfig config) {
        this.cluster = cluster;
        this.chain = chain;
        this.conntrack = conntrack;
        configure(config);
    }

    @Modified
    void configure(DispatcherConfig config) {
        rescheduleDownFlows = "reschedule".equalsIgnoreCase(config.down_flows().trim());
    }

    /** Warms the flow's entry in the connection table, the first thing {@link #decide} reads. */
    @Override
    public void warm(FlowKey key) {
        conntrack.warm(key);
    }

    /** Warms the flows' entries in the connection table, all fetches at once. */
    @Override
    public void warm(FlowKey[] keys, int count) {
        conntrack.warm(keys, count);
    }

    @Override
    public int decide(FlowKey key, long nowNanos) {
        RuntimeState s = cluster.state();
        Counters counters = cluster.counters();
        int id = conntrack.lookup(key, nowNanos);
        if (id >= 0) {
            NodeRuntime n = id < s.nodesById.length ? s.nodesById[id] : null;
            if (n != null && n.state != NodeState.DOWN) {
                n.counters.hits.increment();
                return id; // draining and disabled nodes keep their flows
            }
            conntrack.remove(key);
            if (n != null && !rescheduleDownFlows) {
                counters.downDrops.increment();
                return DROP;
            }
            counters.rescheduled.increment();
        }
        Verdict v = chain.classify(key);
        switch (v.kind()) {
            case LOCAL:
                counters.local.increment();
                return LOCAL;
            case DROP:
                counters.ruleDrops.increment();
                return DROP;
            case NODE: {
                // A private-port hit: the node's own connection, whatever its state for new inbound flows.
                NodeRuntime n = s.nodesByKey.get(v.target());
                if (n == null) {
                    counters.unknownTarget.increment();
                    return NO_NODE;
                }
                return track(key, n, nowNanos, counters);
            }
            default: {
                PoolRuntime p = s.pools.get(v.target());
                if (p == null) {
                    counters.unknownTarget.increment();
                    return NO_NODE;
                }
                int i = p.selector.select(key);
                if (i < 0 || i >= p.members.length) {
                    p.counters.noNode.increment();
                    return i == PoolSelector.NO_NODE ? NO_NODE : DROP;
                }
                p.counters.newFlows.increment();
                countService(s, key);
                return track(key, p.members[i], nowNanos, counters);
            }
        }
    }

    private static void countService(RuntimeState s, FlowKey key) {
        for (ServiceRuntime r : s.services) {
            if (r.service.matches(key)) {
                r.counters.newFlows.increment();
                return;
            }
        }
    }

    private int track(FlowKey key, NodeRuntime n, long nowNanos, Counters counters) {
        n.counters.newFlows.increment();
        int stored = conntrack.insert(key, n.id, nowNanos);
        if (stored == ConnectionTable.MISS) {
            counters.untracked.increment(); // forwarded all the same: availability over bookkeeping
            return n.id;
        }
        return stored;
    }

    @Override
    public Node node(int nodeId) {
        NodeRuntime[] byId = cluster.state().nodesById;
        NodeRuntime n = nodeId >= 0 && nodeId < byId.length ? byId[nodeId] : null;
        return n == null ? null : n.node;
    }

    @Override
    public void closed(FlowKey key) {
        conntrack.remove(key);
    }

    @Override
    public void countDrop(String reason) {
        cluster.counters().drop(reason);
    }
}
