package org.rookery.policy.maglev;

import java.util.Arrays;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolMembers;

/** Builds a Maglev lookup table: weighted turns over per-member slot permutations. */
final class MaglevTable {

    private static final long OFFSET_SEED = 0x6A09E667F3BCC908L;
    private static final long SKIP_SEED = 0xBB67AE8584CAA73BL;

    private MaglevTable() {
    }

    /** The member index of each of {@code size} slots, or an empty table when no member is usable. */
    static int[] build(PoolMembers members, int size) {
        int n = members.size();
        int[] order = new int[n];
        int k = 0;
        long[] identity = new long[n];
        for (int i = 0; i < n; i++) {
            if (members.usable(i) && members.weight(i) > 0) {
                identity[i] = identity(members.name(i), members.addressHash(i));
                order[k++] = i;
            }
        }
        if (k == 0) {
            return new int[0];
        }
        int[] member = sortByIdentity(Arrays.copyOf(order, k), identity, members);
        int[] offset = new int[k];
        int[] skip = new int[k];
        int[] weight = new int[k];
        int maxWeight = 0;
        for (int p = 0; p < k; p++) {
            long id = identity[member[p]];
            offset[p] = (int) Long.remainderUnsigned(FlowKey.mix(id ^ OFFSET_SEED), size);
            skip[p] = (int) Long.remainderUnsigned(FlowKey.mix(id ^ SKIP_SEED), size - 1) + 1;
            weight[p] = members.weight(member[p]);
            maxWeight = Math.max(maxWeight, weight[p]);
        }
        int[] table = new int[size];
        Arrays.fill(table, -1);
        int[] cursor = offset.clone(); // permutation_p[next_p], advanced by skip_p
        long[] credit = new long[k];
        int filled = 0;
        while (true) {
            for (int p = 0; p < k; p++) {
                credit[p] += weight[p];
                if (credit[p] < maxWeight) {
                    continue;
                }
                credit[p] -= maxWeight;
                int c = cursor[p];
                while (table[c] >= 0) {
                    c += skip[p];
                    if (c >= size) {
                        c -= size;
                    }
                }
                table[c] = member[p];
                c += skip[p];
                cursor[p] = c >= size ? c - size : c;
                if (++filled == size) {
                    return table;
                }
            }
        }
    }

    /** A member's stable identity: its name and its address, never its position in the pool. */
    static long identity(String name, long addressHash) {
        long h = 0xCBF29CE484222325L; // FNV-1a over the UTF-16 units of the name
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001B3L;
        }
        return FlowKey.mix(FlowKey.mix(h) ^ addressHash);
    }

    private static int[] sortByIdentity(int[] indices, long[] identity, PoolMembers members) {
        Integer[] boxed = new Integer[indices.length];
        for (int p = 0; p < indices.length; p++) {
            boxed[p] = indices[p];
        }
        // identity first; the name only if two identities collide, so the order never depends on the index
        Arrays.sort(boxed, (a, b) -> {
            int c = Long.compareUnsigned(identity[a], identity[b]);
            return c != 0 ? c : members.name(a).compareTo(members.name(b));
        });
        int[] sorted = new int[indices.length];
        for (int p = 0; p < sorted.length; p++) {
            sorted[p] = boxed[p];
        }
        return sorted;
    }
}
