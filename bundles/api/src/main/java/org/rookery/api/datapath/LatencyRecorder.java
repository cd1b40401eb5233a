package org.rookery.api.datapath;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records latencies into {@link LatencyHistogram} buckets on a hot path, for several slots (e.g. one per
 * forwarding mode): one writer thread, any number of readers. A record is a bit count, two plain adds
 * and two opaque stores (plain moves on x86, but never torn), with no lock, no allocation and no shared
 * cache line with another writer's recorder, so a datapath gives each of its threads one recorder and
 * sums their {@link #snapshot snapshots} when asked.
 */
public final class LatencyRecorder {

    /** Longs kept free before and after the counts, so no two recorders share a cache line. */
    private static final int PAD = 8;
    private static final int STRIDE = LatencyHistogram.BUCKETS + 1; // the buckets, then the sum in ns

    private final int slots;
    private final AtomicLongArray cells;

    /** A recorder with {@code slots} separate histograms. */
    public LatencyRecorder(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("a latency recorder needs at least one slot");
        }
        this.slots = slots;
        this.cells = new AtomicLongArray(PAD + slots * STRIDE + PAD);
    }

    /** Number of slots. */
    public int slots() {
        return slots;
    }

    /** Records one latency in {@code slot}; only ever called by this recorder's one writer thread. */
    public void record(int slot, long nanos) {
        int base = PAD + slot * STRIDE;
        int i = base + LatencyHistogram.bucket(nanos);
        cells.setOpaque(i, cells.getPlain(i) + 1);
        int s = base + LatencyHistogram.BUCKETS;
        cells.setOpaque(s, cells.getPlain(s) + Math.max(0, nanos));
    }

    /** The histogram of one slot now (any thread). */
    public LatencyHistogram snapshot(int slot) {
        int base = PAD + slot * STRIDE;
        long[] c = new long[LatencyHistogram.BUCKETS];
        for (int k = 0; k < c.length; k++) {
            c[k] = cells.getOpaque(base + k);
        }
        return new LatencyHistogram(c, cells.getOpaque(base + LatencyHistogram.BUCKETS));
    }
}
