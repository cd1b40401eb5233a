package org.rookery.conntrack.internal;

/**
 * Chooses the flow a full shard gives up for a new one, by a bounded scan; one per shard, reused under
 * the shard's lock so choosing allocates nothing.
 *
 * <p>Rank: an expired flow first (it is dead anyway), then a non-established flow, then an established
 * one; within a rank the flow closest to expiry, the one the table would lose soonest anyway. Under a
 * flood of new flows the victims are thus the flood's own half-open flows, while established
 * connections are kept as long as anything else can go.
 *
 * <p>Where to look: first the {@link #WINDOW} slots from the new flow's home, which the insert has just
 * brought into cache. If they hold nothing better than an established flow, a clock hand in the table
 * holding more non-established flows sweeps on, {@link #WINDOW} slots at least and up to
 * {@link #MAX_SCAN} until it meets one. The hand moves on every time, so repeated floods do not keep
 * probing the same slots, and the bound keeps an insert's worst case about 25 KB of sequential reads.
 *
 * <p>The bound is the price: with a fraction f of a full shard's flows not established, an established
 * flow goes only when some 700 flows in both windows are all established, about (1 - f)^700: never
 * in practice for f above 1 %. A shard that holds no non-established flow at all (the counts say so)
 * gives up the established flow closest to expiry near the new flow's home, unless the configuration
 * forbids evicting established flows.
 */
final class Eviction {

    static final int WINDOW = 32;
    static final int MAX_SCAN = 1024;

    static final int EXPIRED = 0;
    static final int INACTIVE = 1;
    static final int ACTIVE = 2;
    static final int NONE = 3;

    SlotTable table;
    int slot;
    int rank;
    private int bestLeft;
    private int now;

    /** Forgets the previous choice. */
    void reset(int nowTick) {
        table = null;
        slot = -1;
        rank = NONE;
        bestLeft = Integer.MAX_VALUE;
        now = nowTick;
    }

    /** Chooses among both families of a shard for a new flow whose home in {@code own} is {@code home}. */
    void choose(SlotTable own, int home, V4Slots v4, V6Slots v6) {
        scan(own, home, WINDOW, WINDOW, -1);
        if (rank <= INACTIVE) {
            return;
        }
        SlotTable wide = v4.inactive() >= v6.inactive() ? v4 : v6;
        if (wide.inactive() > 0) {
            wide.hand = scan(wide, wide.hand, WINDOW, MAX_SCAN, INACTIVE);
        } else if (slot < 0) {
            // Nothing near the new flow (its family's table is sparse): take from the fuller table.
            wide = v4.count >= v6.count ? v4 : v6;
            wide.hand = scan(wide, wide.hand, WINDOW, WINDOW, -1);
        }
    }

    /** Scans at least {@code min} and at most {@code max} slots from {@code start}; returns where it stopped. */
    private int scan(SlotTable t, int start, int min, int max, int stopAtRank) {
        int slots = t.slots();
        int limit = Math.min(max, slots);
        int i = start < slots ? start : 0;
        for (int k = 0; k < limit; k++) {
            int m = t.meta(i);
            if (m != SlotMeta.EMPTY) {
                consider(t, i, m);
            }
            if (++i == slots) {
                i = 0;
            }
            if (k + 1 >= min && rank <= stopAtRank) {
                break;
            }
        }
        return i;
    }

    private void consider(SlotTable t, int i, int m) {
        int left = t.expiry(i) - now;
        int r = left <= 0 ? EXPIRED : SlotMeta.state(m) == TcpStates.ESTABLISHED ? ACTIVE : INACTIVE;
        if (r < rank || (r == rank && left < bestLeft)) {
            rank = r;
            bestLeft = left;
            table = t;
            slot = i;
        }
    }
}
