package org.rookery.policy.wrr;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;
import org.rookery.api.policy.PoolMembers;

/** Smooth weighted round robin computed pick by pick under a lock, for weights too large to precompute. */
final class LockedSmoothSelector implements PoolSelector {

    private final PoolMembers members;
    private final int[] index;
    private final int[] weight;
    private final long[] cur;

    LockedSmoothSelector(PoolMembers members, int[] index, int[] weight) {
        this.members = members;
        this.index = index;
        this.weight = weight;
        this.cur = new long[index.length];
    }

    /** Picks a usable member for a new flow, or NO_NODE; allocation-free. */
    @Override
    public synchronized int select(FlowKey key) {
        // as nginx: a member that is not usable takes no part in the round and gains nothing
        long total = 0;
        int best = -1;
        for (int p = 0; p < index.length; p++) {
            if (members.usable(index[p])) {
                cur[p] += weight[p];
                total += weight[p];
                if (best < 0 || cur[p] > cur[best]) {
                    best = p;
                }
            }
        }
        if (best < 0) {
            return NO_NODE;
        }
        cur[best] -= total;
        return index[best];
    }
}
