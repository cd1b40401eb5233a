package org.rookery.capture.internal;

import java.util.concurrent.atomic.AtomicLongArray;

import org.rookery.api.datapath.LatencyRecorder;
import org.rookery.api.model.ForwardingMethod;

/**
 * One capture worker's meters: per-frame latency by outcome ({@link #MODES}) and bytes per node slot
 * ({@link NodeSlots}), written by that worker alone with plain adds and opaque stores (no lock, no
 * atomic read-modify-write, nothing allocated), read by anyone at scrape time.
 */
final class FrameMeters {

    /** Latency slot: a frame forwarded by direct routing. */
    static final int DR = 0;
    /** Latency slot: a frame forwarded by NAT. */
    static final int NAT = 1;
    /** Latency slot: a frame forwarded by IP-in-IP. */
    static final int TUN = 2;
    /** Latency slot: a node's frame translated back to come from the VIP (NAT replies, port-space connections). */
    static final int NAT_OUT = 3;
    /** Latency slot: a dropped frame, whatever the reason. */
    static final int DROP = 4;
    /** Latency slot: anything else: ARP, frames left to the host. */
    static final int OTHER = 5;
    /** The label of each latency slot. */
    static final String[] MODES = {"dr", "nat", "tun", "nat-out", "drop", "other"};

    final LatencyRecorder latency = new LatencyRecorder(MODES.length);
    /** Two cells per node slot, bytes to the node then bytes from it; replaced (copied) only by the worker. */
    private volatile AtomicLongArray bytes = new AtomicLongArray(0);

    /** The latency slot of a forwarded frame of {@code method}. */
    static int slotOf(ForwardingMethod method) {
        return switch (method) {
            case NAT -> NAT;
            case TUN -> TUN;
            default -> DR;
        };
    }

    /** Makes room for {@code slots} node slots; the worker's call, on a new table (allocates only then). */
    void ensure(int slots) {
        AtomicLongArray old = bytes;
        if (old.length() >= 2 * slots) {
            return;
        }
        AtomicLongArray grown = new AtomicLongArray(2 * slots + 16);
        for (int i = 0; i < old.length(); i++) {
            grown.setPlain(i, old.getPlain(i)); // only this worker writes, so the copy misses nothing
        }
        bytes = grown;
    }

    /** Counts a frame of {@code len} bytes sent to the node of {@code slot}. */
    void toNode(int slot, int len) {
        add(2 * slot, len);
    }

    /** Counts a frame of {@code len} bytes from the node of {@code slot} sent on to a client. */
    void fromNode(int slot, int len) {
        add(2 * slot + 1, len);
    }

    private void add(int i, int len) {
        AtomicLongArray b = bytes;
        if (i >= 0 && i < b.length()) {
            b.setOpaque(i, b.getPlain(i) + len);
        }
    }

    /** Adds this worker's bytes to {@code sums} (two cells per slot, as many as fit). */
    void addBytesTo(long[] sums) {
        AtomicLongArray b = bytes;
        int n = Math.min(b.length(), sums.length);
        for (int i = 0; i < n; i++) {
            sums[i] += b.getOpaque(i);
        }
    }
}
