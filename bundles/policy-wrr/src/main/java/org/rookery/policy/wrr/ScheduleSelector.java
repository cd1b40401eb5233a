package org.rookery.policy.wrr;

import java.util.concurrent.atomic.AtomicLong;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Smooth weighted round robin from a precomputed period, walked lock-free by a shared position. */
final class ScheduleSelector implements PoolSelector {

    private final PoolMembers members;
    private final int[] schedule;
    private final AtomicLong next = new AtomicLong();

    ScheduleSelector(PoolMembers members, int[] schedule) {
        this.members = members;
        this.schedule = schedule;
    }

    /** One period of nginx's smooth sequence: member indices for weights whose sum is {@code period}. */
    static int[] build(int[] index, int[] weight, int period) {
        int k = index.length;
        long[] cur = new long[k];
        int[] schedule = new int[period];
        for (int t = 0; t < period; t++) {
            int best = 0;
            for (int p = 0; p < k; p++) {
                cur[p] += weight[p];
                if (cur[p] > cur[best]) {
                    best = p;
                }
            }
            cur[best] -= period;
            schedule[t] = index[best];
        }
        return schedule;
    }

    /** The schedule's length, for tests. */
    int period() {
        return schedule.length;
    }

    /** Picks a usable member for a new flow, or NO_NODE; allocation-free. */
    @Override
    public int select(FlowKey key) {
        int len = schedule.length;
        int p = (int) ((next.getAndIncrement() & Long.MAX_VALUE) % len);
        for (int step = 0; step < len; step++) {
            int i = schedule[p];
            if (members.usable(i)) {
                return i;
            }
            p = p + 1 == len ? 0 : p + 1;
        }
        return NO_NODE;
    }
}
