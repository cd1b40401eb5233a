package org.rookery.proxy.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;

/**
 * Closes relayed connections of nodes that were deleted or went down, after the grace period. A node
 * that comes back (or a deleted id that a new node took) within the period is re-checked when the
 * period ends, so its connections live on if it serves again. Draining and disabled nodes keep theirs:
 * they take no new flows but finish the old ones, as the dispatcher treats them.
 */
final class NodeWatch {

    private final Set<Relayed> relayed = ConcurrentHashMap.newKeySet();
    private final Set<Relayed> condemned = ConcurrentHashMap.newKeySet();
    private final long graceSeconds;
    private final ProxyCounters counters;
    /** Node id to node for every node that exists and is not down, as of the last cluster change. */
    private volatile Map<Integer, Node> serving = Map.of();

    NodeWatch(long graceSeconds, ProxyCounters counters) {
        this.graceSeconds = graceSeconds;
        this.counters = counters;
    }

    /** Starts watching a relay that has reached its node. */
    void add(Relayed r) {
        relayed.add(r);
    }

    /** Stops watching a relay that ended. */
    void remove(Relayed r) {
        relayed.remove(r);
    }

    /** Runs {@code action} for every relay watched now (any thread: the set is concurrent). */
    void forEach(java.util.function.Consumer<Relayed> action) {
        relayed.forEach(action);
    }

    /** Relays watched now. */
    int size() {
        return relayed.size();
    }

    /** Takes the nodes' new states and starts the grace period of relays whose node no longer serves. */
    void update(List<NodeStatus> nodes) {
        Map<Integer, Node> now = new HashMap<>();
        for (NodeStatus s : nodes) {
            if (s.state() != NodeState.DOWN) {
                now.put(s.id(), s.node());
            }
        }
        serving = now;
        for (Relayed r : relayed) {
            if (!serves(r) && condemned.add(r)) {
                try {
                    r.eventLoop().schedule(() -> expire(r), graceSeconds, TimeUnit.SECONDS);
                } catch (RejectedExecutionException e) {
                    condemned.remove(r); // the proxy is stopping and closes everything anyway
                }
            }
        }
    }

    private void expire(Relayed r) {
        condemned.remove(r);
        if (relayed.contains(r) && !serves(r)) {
            counters.graceCloses.increment();
            r.close();
        }
    }

    /** Ids are reused after a delete, so the node behind the id must still be the same pool/name. */
    private boolean serves(Relayed r) {
        Node n = serving.get(r.nodeId());
        return n != null && n.pool().equals(r.node().pool()) && n.name().equals(r.node().name());
    }
}
