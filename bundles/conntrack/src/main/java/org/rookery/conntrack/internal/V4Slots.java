package org.rookery.conntrack.internal;

import org.rookery.api.model.FlowKey;

/** IPv4 flows: six ints (24 bytes) a slot, the two addresses after the common words. */
final class V4Slots extends SlotTable {

    static final int STRIDE = 6;
    private static final int SRC = 4;
    private static final int DST = 5;

    V4Slots(int initialSlots, int maxSlots, long seed) {
        super(STRIDE, initialSlots, maxSlots, seed);
    }

    @Override
    int find(FlowKey key, long hash) {
        int src = (int) key.srcLo();
        int dst = (int) key.dstLo();
        int ports = FlowHash.ports(key);
        int proto = key.protocol();
        int[] w = a;
        int slots = n;
        int i = home(hash);
        for (;;) {
            int b = i * STRIDE;
            int m = w[b];
            if (m == SlotMeta.EMPTY) {
                return ~i;
            }
            if (w[b + SRC] == src && w[b + DST] == dst && w[b + PORTS] == ports && SlotMeta.proto(m) == proto) {
                return i;
            }
            if (++i == slots) {
                i = 0;
            }
        }
    }

    @Override
    void store(int slot, FlowKey key, int meta, int expiry, int packets) {
        int b = slot * STRIDE;
        a[b + PORTS] = FlowHash.ports(key);
        a[b + SRC] = (int) key.srcLo();
        a[b + DST] = (int) key.dstLo();
        a[b + EXPIRY] = expiry;
        a[b + PACKETS] = packets;
        a[b + META] = meta;
    }

    @Override
    void readKey(int slot, FlowKey out) {
        int b = slot * STRIDE;
        int ports = a[b + PORTS];
        out.setV4(SlotMeta.proto(a[b]), a[b + SRC], a[b + DST], ports >>> 16, ports & 0xFFFF);
    }

    @Override
    long hashAt(int[] words, int b) {
        return FlowHash.v4(words[b + SRC], words[b + DST], words[b + PORTS], SlotMeta.proto(words[b]), seed);
    }
}
