package org.rookery.policy.testkit;

import java.util.Arrays;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolMembers;

/** A pool for tests: plain arrays a test mutates to simulate states, connection counts and loads. */
public final class TestMembers implements PoolMembers {

    public final String[] names;
    public final int[] weights;
    public final boolean[] usable;
    public final long[] addressHashes;
    public final int[] active;
    public final int[] inactive;
    public final double[] loads;

    /** Members n0, n1, ... with these weights; usable when the weight is above 0; load 0. */
    public TestMembers(int... weights) {
        int n = weights.length;
        this.weights = weights.clone();
        names = new String[n];
        usable = new boolean[n];
        addressHashes = new long[n];
        active = new int[n];
        inactive = new int[n];
        loads = new double[n];
        for (int i = 0; i < n; i++) {
            names[i] = "n" + i;
            usable[i] = weights[i] > 0;
            addressHashes[i] = FlowKey.mix(0x0A000000L + i);
        }
    }

    /** {@code n} members of equal weight. */
    public static TestMembers equal(int n, int weight) {
        int[] w = new int[n];
        Arrays.fill(w, weight);
        return new TestMembers(w);
    }

    @Override
    public String pool() {
        return "test";
    }

    @Override
    public int size() {
        return weights.length;
    }

    @Override
    public String name(int i) {
        return names[i];
    }

    @Override
    public int weight(int i) {
        return weights[i];
    }

    @Override
    public boolean usable(int i) {
        return usable[i];
    }

    @Override
    public long addressHash(int i) {
        return addressHashes[i];
    }

    @Override
    public int activeConnections(int i) {
        return active[i];
    }

    @Override
    public int inactiveConnections(int i) {
        return inactive[i];
    }

    @Override
    public double load(int i) {
        return loads[i];
    }
}
