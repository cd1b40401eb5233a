package org.rookery.policy.maglev;

import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** A flow's node is the table slot of its hash; an unusable member's slot passes the flow to the next slot. */
final class MaglevSelector implements PoolSelector {

    private final PoolMembers members;
    private final int[] table;
    private final boolean source;

    MaglevSelector(PoolMembers members, int[] table, boolean source) {
        this.members = members;
        this.table = table;
        this.source = source;
    }

    /** The lookup table, for tests. */
    int[] table() {
        return table;
    }

    /** Picks a usable member for a new flow, or NO_NODE; allocation-free. */
    @Override
    public int select(FlowKey key) {
        int size = table.length;
        if (size == 0) {
            return NO_NODE;
        }
        // sourceHash64 clamps the length to the family's: 128 is the whole address for IPv4 and IPv6
        long h = source ? key.sourceHash64(128) : key.hash64();
        int slot = (int) (((h >>> 32) * size) >>> 32);
        for (int step = 0; step < size; step++) {
            int i = table[slot];
            if (members.usable(i)) {
                return i;
            }
            slot = slot + 1 == size ? 0 : slot + 1;
        }
        return NO_NODE;
    }
}
