package org.rookery.conntrack.internal;

import org.rookery.api.model.FlowKey;

/** IPv6 flows: twelve ints (48 bytes) a slot, each 128-bit address as four ints after the common words. */
final class V6Slots extends SlotTable {

    static final int STRIDE = 12;
    private static final int SRC = 4;
    private static final int DST = 8;

    V6Slots(int initialSlots, int maxSlots, long seed) {
        super(STRIDE, initialSlots, maxSlots, seed);
    }

    @Override
    int find(FlowKey key, long hash) {
        long sh = key.srcHi();
        long sl = key.srcLo();
        long dh = key.dstHi();
        long dl = key.dstLo();
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
            if (w[b + PORTS] == ports && SlotMeta.proto(m) == proto
                    && get(w, b + SRC) == sh && get(w, b + SRC + 2) == sl
                    && get(w, b + DST) == dh && get(w, b + DST + 2) == dl) {
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
        put(a, b + SRC, key.srcHi());
        put(a, b + SRC + 2, key.srcLo());
        put(a, b + DST, key.dstHi());
        put(a, b + DST + 2, key.dstLo());
        a[b + EXPIRY] = expiry;
        a[b + PACKETS] = packets;
        a[b + META] = meta;
    }

    @Override
    void readKey(int slot, FlowKey out) {
        int b = slot * STRIDE;
        int ports = a[b + PORTS];
        out.setV6(SlotMeta.proto(a[b]), get(a, b + SRC), get(a, b + SRC + 2), get(a, b + DST), get(a, b + DST + 2),
                ports >>> 16, ports & 0xFFFF);
    }

    @Override
    long hashAt(int[] w, int b) {
        return FlowHash.v6(get(w, b + SRC), get(w, b + SRC + 2), get(w, b + DST), get(w, b + DST + 2), w[b + PORTS],
                SlotMeta.proto(w[b]), seed);
    }

    private static long get(int[] w, int i) {
        return (long) w[i] << 32 | (w[i + 1] & 0xFFFFFFFFL);
    }

    private static void put(int[] w, int i, long v) {
        w[i] = (int) (v >>> 32);
        w[i + 1] = (int) v;
    }
}
