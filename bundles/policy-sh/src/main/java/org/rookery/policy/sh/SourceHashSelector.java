package org.rookery.policy.sh;

import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Source hashing over a bucket table, walking on to the next usable bucket when a member is not usable. */
final class SourceHashSelector implements PoolSelector {

    private final PoolMembers members;
    private final int[] table;
    private final int prefix;
    private final int prefix6;
    private final boolean anyUsable;

    SourceHashSelector(PoolMembers members, int[] table, int prefix, int prefix6) {
        this.members = members;
        this.table = table;
        this.prefix = prefix;
        this.prefix6 = prefix6;
        boolean any = false;
        for (int i = 0; i < members.size(); i++) {
            any |= members.usable(i) && members.weight(i) > 0;
        }
        this.anyUsable = any;
    }

    /** The bucket table, for tests. */
    int[] table() {
        return table;
    }

    /** Picks a usable member for a new flow, or NO_NODE; allocation-free. */
    @Override
    public int select(FlowKey key) {
        if (!anyUsable) {
            return NO_NODE;
        }
        long h = key.sourceHash64(key.family() == IpAddress.V6 ? prefix6 : prefix);
        int size = table.length;
        int b = (int) (((h >>> 32) * size) >>> 32);
        for (int step = 0; step < size; step++) {
            int i = table[b];
            if (members.usable(i)) {
                return i;
            }
            b = b + 1 == size ? 0 : b + 1;
        }
        return NO_NODE;
    }
}
