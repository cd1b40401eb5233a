package org.rookery.conntrack.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Active (established) and inactive (every other state) flows per node, for one shard: written under
 * the shard's lock, read without it. The table sums the shards on read, so datapath threads never
 * write a cache line another shard's thread writes.
 */
final class NodeCounts {

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** [2 * node] active, [2 * node + 1] inactive. */
    private volatile int[] counts = new int[128];

    /** Makes room for a node id; grows once per new highest id, published by the volatile write. */
    void ensure(int node) {
        int[] c = counts;
        if (2 * node + 1 >= c.length) {
            counts = Arrays.copyOf(c, Math.max(c.length * 2, Integer.highestOneBit(2 * node + 1) << 1));
        }
    }

    /** Counts a flow of a node in a state in ({@code +1}) or out ({@code -1}). */
    void add(int node, int state, int delta) {
        int[] c = counts;
        int k = 2 * node + (state == TcpStates.ESTABLISHED ? 0 : 1);
        INTS.setOpaque(c, k, c[k] + delta);
    }

    /** Moves a flow between active and inactive when its state change crosses ESTABLISHED. */
    void move(int node, int from, int to) {
        if ((from == TcpStates.ESTABLISHED) != (to == TcpStates.ESTABLISHED)) {
            add(node, from, -1);
            add(node, to, 1);
        }
    }

    /** Established flows of a node; may lag a change being made on another thread. */
    int active(int node) {
        int[] c = counts;
        int k = 2 * node;
        return k >= 0 && k + 1 < c.length ? (int) INTS.getOpaque(c, k) : 0;
    }

    /** Non-established flows of a node; may lag a change being made on another thread. */
    int inactive(int node) {
        int[] c = counts;
        int k = 2 * node + 1;
        return k > 0 && k < c.length ? (int) INTS.getOpaque(c, k) : 0;
    }

    long footprintBytes() {
        return 16L + 4L * counts.length;
    }
}
