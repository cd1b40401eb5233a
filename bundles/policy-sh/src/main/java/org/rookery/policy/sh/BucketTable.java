package org.rookery.policy.sh;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolMembers;

/** Builds the source-hash bucket table: members repeated by weight, then shuffled by a fixed seed. */
final class BucketTable {

    /** Buckets per member, as ip_vs_sh.c has 256 buckets. */
    static final int BUCKETS_PER_MEMBER = 256;

    /** Largest table (16 MB of ints). */
    static final int MAX_BUCKETS = 1 << 22;

    private BucketTable() {
    }

    /** The member index of each bucket; empty when no member has a weight above 0. */
    static int[] build(PoolMembers members) {
        int n = members.size();
        long total = 0;
        int weighted = 0;
        for (int i = 0; i < n; i++) {
            int w = members.weight(i);
            if (w > 0) {
                total += w;
                weighted++;
            }
        }
        if (weighted == 0) {
            return new int[0];
        }
        int size = (int) Math.min((long) weighted * BUCKETS_PER_MEMBER, MAX_BUCKETS);
        int[] table = new int[size];
        long running = 0;
        int from = 0;
        for (int i = 0; i < n; i++) {
            int w = members.weight(i);
            if (w > 0) {
                running += w;
                int to = (int) (size * running / total);
                for (int b = from; b < to; b++) {
                    table[b] = i;
                }
                from = to;
            }
        }
        // Fisher-Yates with a fixed seed: the same members give the same table on every front-end
        long seed = 0x5EED5EED5EEDL;
        for (int b = size - 1; b > 0; b--) {
            seed += 0x9E3779B97F4A7C15L;
            int j = (int) (((FlowKey.mix(seed) >>> 32) * (b + 1)) >>> 32);
            int t = table[b];
            table[b] = table[j];
            table[j] = t;
        }
        return table;
    }
}
