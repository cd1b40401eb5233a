package org.rookery.cluster.internal;

import org.rookery.api.model.Pool;
import org.rookery.api.policy.PoolSelector;

/** A pool as the dispatcher sees it: members, the selector of the policy in force, counters. */
final class PoolRuntime {

    final Pool pool;
    final NodeRuntime[] members;
    final PoolMembersView view;
    final ScopeCounters counters;
    /** Swapped whole when the policy changes or comes and goes; tracked flows are not affected. */
    volatile PoolSelector selector;
    volatile String policyInUse;
    volatile boolean fallback;

    PoolRuntime(Pool pool, NodeRuntime[] members, PoolMembersView view, ScopeCounters counters) {
        this.pool = pool;
        this.members = members;
        this.view = view;
        this.counters = counters;
    }

    int usableNodes() {
        int n = 0;
        for (NodeRuntime m : members) {
            if (m.usable()) {
                n++;
            }
        }
        return n;
    }
}
