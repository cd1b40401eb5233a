package org.rookery.cluster.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.rookery.api.load.NodeLoad;

/**
 * The counters and live values of one service, pool or node. They are kept by name across
 * configuration changes, so a rebuild of the runtime never resets what an operator watches.
 */
final class ScopeCounters {

    /** New flows placed (service, pool, node). */
    final LongAdder newFlows = new LongAdder();
    /** New flows refused because the pool had no usable node. */
    final LongAdder noNode = new LongAdder();
    /** Packets or connections of tracked flows (conntrack hits). */
    final LongAdder hits = new LongAdder();
    /** Last load report or operator-set load of a node, or null. */
    volatile NodeLoad load;
    /** Until when {@link #load} counts (epoch ms); after that the node's load is unknown. Written before load. */
    volatile long loadValidUntil;

    /** The load while it counts at {@code now}, else null. */
    NodeLoad loadAt(long now) {
        NodeLoad l = load;
        return l != null && now <= loadValidUntil ? l : null;
    }

    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("new-flows", newFlows.sum());
        m.put("no-node", noNode.sum());
        m.put("tracked-hits", hits.sum());
        return m;
    }
}
