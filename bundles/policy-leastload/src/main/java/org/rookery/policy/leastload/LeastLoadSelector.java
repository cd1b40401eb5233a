package org.rookery.policy.leastload;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Scans for the lowest load per weight; on the first unknown load, scans for the least connections per weight. */
final class LeastLoadSelector implements PoolSelector {

    private final PoolMembers members;
    private final int[] usable;
    private final int[] weight;

    LeastLoadSelector(PoolMembers members, int[] usable, int[] weight) {
        this.members = members;
        this.usable = usable;
        this.weight = weight;
    }

    /** Picks a usable member for a new flow, or NO_NODE; allocation-free. */
    @Override
    public int select(FlowKey key) {
        int k = usable.length;
        if (k == 0) {
            return NO_NODE;
        }
        int start = (int) (((key.hash64() >>> 32) * k) >>> 32);
        int best = NO_NODE;
        double bestLoad = 0;
        double bestWeight = 1;
        int p = start;
        for (int step = 0; step < k; step++) {
            int i = usable[p];
            if (members.usable(i)) {
                double load = members.load(i);
                if (Double.isNaN(load)) {
                    return leastConnections(start);
                }
                if (best == NO_NODE || load * bestWeight < bestLoad * weight[p]) {
                    best = i;
                    bestLoad = load;
                    bestWeight = weight[p];
                }
            }
            p = p + 1 == k ? 0 : p + 1;
        }
        return best;
    }

    /** Weighted least connections as ip_vs_wlc.c: least (active * 256 + inactive) / weight. */
    private int leastConnections(int start) {
        int k = usable.length;
        int best = NO_NODE;
        long bestOverhead = 0;
        long bestWeight = 1;
        int p = start;
        for (int step = 0; step < k; step++) {
            int i = usable[p];
            if (members.usable(i)) {
                long overhead = ((long) members.activeConnections(i) << 8) + members.inactiveConnections(i);
                if (best == NO_NODE || overhead * bestWeight < bestOverhead * weight[p]) {
                    best = i;
                    bestOverhead = overhead;
                    bestWeight = weight[p];
                }
            }
            p = p + 1 == k ? 0 : p + 1;
        }
        return best;
    }
}
