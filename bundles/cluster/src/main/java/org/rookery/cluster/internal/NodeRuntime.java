package org.rookery.cluster.internal;

import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;

/** A node as the dispatcher sees it: its id, configuration, effective state and counters. Immutable but for counters. */
final class NodeRuntime {

    final int id;
    final Node node;
    final NodeState state;
    final ScopeCounters counters;

    NodeRuntime(int id, Node node, NodeState state, ScopeCounters counters) {
        this.id = id;
        this.node = node;
        this.state = state;
        this.counters = counters;
    }

    /** True when the node may take new flows: up with a weight above 0. */
    boolean usable() {
        return state == NodeState.UP && node.weight() > 0;
    }
}
