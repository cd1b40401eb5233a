package org.rookery.policy.p2c;

import java.util.concurrent.ThreadLocalRandom;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Draws two distinct members by weight and takes the one with fewer connections per weight. */
final class TwoChoicesSelector implements PoolSelector {

    private final PoolMembers members;
    private final int[] usable;
    private final int[] weight;
    /** cumulative[p] is the sum of the weights before position p; the last entry is the total. */
    private final long[] cumulative;

    TwoChoicesSelector(PoolMembers members, int[] usable, int[] weight, long[] cumulative) {
        this.members = members;
        this.usable = usable;
        this.weight = weight;
        this.cumulative = cumulative;
    }

    /** Picks a usable member for a new flow, or NO_NODE; allocation-free. */
    @Override
    public int select(FlowKey key) {
        int k = usable.length;
        if (k == 0) {
            return NO_NODE;
        }
        if (k == 1) {
            return members.usable(usable[0]) ? usable[0] : NO_NODE;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long total = cumulative[k];
        int a = position(below(random.nextLong(), total));
        // the second draw skips the first's stretch of the weight line: distinct, still weighted
        long u = below(random.nextLong(), total - weight[a]);
        int b = position(u < cumulative[a] ? u : u + weight[a]);
        int i = usable[a];
        int j = usable[b];
        boolean iUsable = members.usable(i);
        boolean jUsable = members.usable(j);
        if (iUsable && jUsable) {
            return (overhead(i) + 1) * weight[b] <= (overhead(j) + 1) * weight[a] ? i : j;
        }
        if (iUsable || jUsable) {
            return iUsable ? i : j;
        }
        return leastConnections();
    }

    /**
     * A random value in [0, bound) from 64 random bits: the top 63 bits scaled by the bound (multiply,
     * keep the high word) instead of nextLong(bound)'s 64-bit division, which costs tens of
     * nanoseconds. Bias is below bound / 2^63; bound is at most 2^16 per member.
     */
    static long below(long random, long bound) {
        return Math.multiplyHigh(random >>> 1, bound << 1);
    }

    /**
     * The position p with cumulative[p] <= u < cumulative[p + 1]. Branch-free halving: the loop runs
     * log2(k) times whatever u is and the comparison compiles to a conditional move, since a random
     * u makes every branch of an ordinary binary search a coin toss for the branch predictor.
     */
    private int position(long u) {
        int lo = 0;
        int n = usable.length;
        while (n > 1) {
            int half = n >>> 1;
            lo = cumulative[lo + half] <= u ? lo + half : lo;
            n -= half;
        }
        return lo;
    }

    private long overhead(int i) {
        return ((long) members.activeConnections(i) << 8) + members.inactiveConnections(i);
    }

    /** Both draws were unusable: the least (overhead + 1) / weight of the rest, or none. */
    private int leastConnections() {
        int best = NO_NODE;
        long bestLoad = 0;
        long bestWeight = 1;
        for (int p = 0; p < usable.length; p++) {
            int i = usable[p];
            if (members.usable(i)) {
                long load = overhead(i) + 1;
                if (best == NO_NODE || load * bestWeight < bestLoad * weight[p]) {
                    best = i;
                    bestLoad = load;
                    bestWeight = weight[p];
                }
            }
        }
        return best;
    }
}
