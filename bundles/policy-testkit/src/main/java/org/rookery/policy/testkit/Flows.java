package org.rookery.policy.testkit;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

/** Test helpers: random flow keys and the bytes a selector allocates. */
public final class Flows {

    private Flows() {
    }

    /** {@code n} TCP flows with random IPv4 sources and source ports to one VIP, reproducible from the seed. */
    public static FlowKey[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        FlowKey[] keys = new FlowKey[n];
        for (int i = 0; i < n; i++) {
            keys[i] = new FlowKey().setV4(6, r.nextInt(), 0xC000020A, 1024 + r.nextInt(64512), 80);
        }
        return keys;
    }

    /** Picks per member for the keys. */
    public static int[] counts(PoolSelector s, FlowKey[] keys, int members) {
        int[] c = new int[members];
        for (FlowKey k : keys) {
            c[s.select(k)]++;
        }
        return c;
    }

    /** Heap bytes this thread allocates over 200k selects, measured after 200k selects of warm-up. */
    public static long allocatedBySelect(PoolSelector s) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        FlowKey[] keys = random(1024, 99);
        int sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += s.select(keys[i & 1023]);
        }
        mx.getThreadAllocatedBytes(thread);
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 200_000; i++) {
            sink += s.select(keys[i & 1023]);
        }
        long after = mx.getThreadAllocatedBytes(thread);
        if (sink == 42) {
            System.out.println("unlikely sink value"); // keeps the loop from being optimised away
        }
        return after - before;
    }
}
