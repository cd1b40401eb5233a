package org.rookery.conntrack.internal;

import org.rookery.api.model.FlowKey;

/**
 * One address family's open-addressing table inside a shard: linear probing over a single int array,
 * each slot {@code stride} ints wide, deletions by backward shift. Not thread-safe: the shard's lock
 * guards it.
 *
 * <p>Why one interleaved array: a lookup touches the meta word, the key and then the expiry of the same
 * slot, so keeping them together costs one cache miss per probe instead of one per field. Why linear
 * probing with backward shift: probes stay in consecutive memory and a deletion leaves no tombstone, so
 * probe lengths never degrade under churn. The home slot is {@code (hash >>> 32) * slots >>> 32}, which
 * allows any slot count: the table is sized to capacity * 3 / 2, a load of at most 2/3 when full.
 *
 * <p>Slot words 0-3 are the same in every family: meta ({@link SlotMeta}, 0 when empty), expiry
 * (milliseconds since the table's origin, wrapping), packets (unsigned, saturating) and ports.
 * The subclasses add the address words and know how to compare and hash them.
 */
abstract class SlotTable {

    static final int META = 0;
    static final int EXPIRY = 1;
    static final int PACKETS = 2;
    static final int PORTS = 3;

    final int stride;
    final int maxSlots;
    final long seed;
    int[] a;
    int n;
    int count;
    int established;
    /** The eviction clock hand: where the next wide eviction scan starts. */
    int hand;

    SlotTable(int stride, int initialSlots, int maxSlots, long seed) {
        this.stride = stride;
        this.maxSlots = maxSlots;
        this.seed = seed;
        this.n = Math.min(initialSlots, maxSlots);
        this.a = new int[n * stride];
    }

    /** The slot of the key, or {@code ~slot} of the empty slot where it would go. */
    abstract int find(FlowKey key, long hash);

    /** Writes the key and the common words into an empty slot. */
    abstract void store(int slot, FlowKey key, int meta, int expiry, int packets);

    /** Fills {@code out} with the key stored in a slot (flags cleared). */
    abstract void readKey(int slot, FlowKey out);

    /** The hash of the entry stored at {@code base} in {@code words}. */
    abstract long hashAt(int[] words, int base);

    final int home(long hash) {
        return (int) (((hash >>> 32) * n) >>> 32);
    }

    final int slots() {
        return n;
    }

    final int meta(int slot) {
        return a[slot * stride];
    }

    final int expiry(int slot) {
        return a[slot * stride + EXPIRY];
    }

    final int packets(int slot) {
        return a[slot * stride + PACKETS];
    }

    final void setState(int slot, int meta, int state) {
        a[slot * stride] = SlotMeta.withState(meta, state);
        if (SlotMeta.state(meta) == TcpStates.ESTABLISHED) {
            established--;
        }
        if (state == TcpStates.ESTABLISHED) {
            established++;
        }
    }

    /** Refreshes the expiry and counts one packet; the count sticks at 2^32 - 1 rather than wrap. */
    final void touch(int slot, int expiry) {
        int b = slot * stride;
        a[b + EXPIRY] = expiry;
        int p = a[b + PACKETS];
        if (p != -1) {
            a[b + PACKETS] = p + 1;
        }
    }

    /**
     * Like {@link #touch}, for a write outside the lock: the expiry only ever moves later, so a write
     * that lands on a slot a concurrent writer has just moved can only keep that other flow longer.
     * Returns false, writing nothing, when the new expiry would be earlier (the timeouts were shortened):
     * the caller takes the locked way for that.
     */
    final boolean extend(int slot, int expiry) {
        int b = slot * stride;
        int old = a[b + EXPIRY];
        if (expiry - old < 0) {
            return false;
        }
        if (expiry != old) {
            a[b + EXPIRY] = expiry;
        }
        int p = a[b + PACKETS];
        if (p != -1) {
            a[b + PACKETS] = p + 1;
        }
        return true;
    }

    /** Flows stored that are not established (counting expired established ones as established). */
    final int inactive() {
        return count - established;
    }

    /** Fills an empty slot and counts it. */
    final void insertAt(int slot, FlowKey key, int meta, int expiry, int packets) {
        store(slot, key, meta, expiry, packets);
        count++;
        if (SlotMeta.state(meta) == TcpStates.ESTABLISHED) {
            established++;
        }
    }

    /**
     * Empties a slot, then walks the cluster after it and moves back every entry whose home is not
     * between the hole and the entry's slot (cyclically), so that no probe ever meets a gap before
     * its key. This is Knuth's algorithm R for linear probing.
     */
    final void removeAt(int slot) {
        if (SlotMeta.state(a[slot * stride]) == TcpStates.ESTABLISHED) {
            established--;
        }
        count--;
        int hole = slot;
        int j = slot;
        for (;;) {
            if (++j == n) {
                j = 0;
            }
            int bj = j * stride;
            if (a[bj] == SlotMeta.EMPTY) {
                break;
            }
            int h = home(hashAt(a, bj));
            int fromHome = j - h;
            if (fromHome < 0) {
                fromHome += n;
            }
            int fromHole = j - hole;
            if (fromHole < 0) {
                fromHole += n;
            }
            if (fromHome >= fromHole) {
                System.arraycopy(a, bj, a, hole * stride, stride);
                hole = j;
            }
        }
        a[hole * stride] = SlotMeta.EMPTY;
    }

    /** True when one more entry would push the load past 2/3 and the table may still grow. */
    final boolean needsGrowth() {
        return n < maxSlots && (count + 1) * 3L > n * 2L;
    }

    /** Doubles the slots (up to the maximum) and re-inserts every entry; allocates, but only while growing. */
    final void grow() {
        int[] old = a;
        int oldSlots = n;
        n = (int) Math.min(maxSlots, 2L * n);
        a = new int[n * stride];
        hand = 0;
        for (int i = 0; i < oldSlots; i++) {
            int b = i * stride;
            if (old[b] != SlotMeta.EMPTY) {
                int j = home(hashAt(old, b));
                while (a[j * stride] != SlotMeta.EMPTY) {
                    if (++j == n) {
                        j = 0;
                    }
                }
                System.arraycopy(old, b, a, j * stride, stride);
            }
        }
    }

    /** Bytes held by the slot array. */
    final long footprintBytes() {
        return 16L + 4L * a.length;
    }
}
