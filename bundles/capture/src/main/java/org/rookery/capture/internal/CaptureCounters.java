package org.rookery.capture.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import org.rookery.api.datapath.LatencyHistogram;
import org.rookery.api.datapath.NodeTraffic;

import org.rookery.api.cluster.Dispatcher;
import org.rookery.packet.Reason;

/**
 * The counters of one interface's capture, shared by its workers: outcomes (frames, forwarded, NAT
 * replies, ARP) and drops by reason. Every drop is also told to the dispatcher, so {@code stats}
 * shows it in its {@code drops} line as {@code capture-REASON}. Counting allocates nothing. Each
 * worker also has its own {@link FrameMeters} (latency per frame, bytes per node), summed here on request.
 */
final class CaptureCounters {

    /** Frames read from libpcap. */
    static final int FRAMES = 0;
    /** Frames decided to a node and sent to it. */
    static final int FORWARDED = 1;
    /** NAT: node frames rewritten to come from the VIP and sent on. */
    static final int NAT_OUT = 2;
    /** ARP requests for a VIP answered. */
    static final int ARP_REPLIES = 3;
    /** ARP requests sent for nodes and next hops, gratuitous ARPs for the VIPs. */
    static final int ARP_SENT = 4;
    /** Frames the dispatcher left to the host (no service, no rule): passed untouched. */
    static final int LOCAL = 5;
    /** Frames of no service and no NAT node (e.g. a node's other traffic): passed untouched. */
    static final int PASSED = 6;
    /** The dispatcher's drop verdict (a rule, a flow of a down node); counted there too. */
    static final int VERDICT_DROP = 7;
    /** The pool had no usable node; counted per pool there too. */
    static final int NO_NODE = 8;
    /** Drop: the node's (or next hop's) MAC is not known yet; an ARP request went out. */
    static final int NO_NEIGHBOUR = 9;
    /** Drop: the decided node was deleted meanwhile. */
    static final int NODE_GONE = 10;
    /** Drop: libpcap refused to send the frame. */
    static final int SEND_FAILED = 11;
    /** Drop: longer on the wire than captured, or than the interface's MTU (offloads on? see README). */
    static final int OVERSIZE = 12;
    /** Drop: the frame made the per-frame code throw; the loop went on. */
    static final int ERROR = 13;
    /** Drop: the frame did not parse (the first of the cells by {@link Reason}). */
    static final int PARSE_DROP = 14;
    private static final int PARSE = PARSE_DROP;

    private static final String[] NAMES = {
        "frames", "forwarded", "nat-out", "arp-replies", "arp-sent", "local", "passed", "verdict-drop", "no-node",
        "no-neighbour", "node-gone", "send-failed", "oversize", "error",
    };
    private static final String[] DROP_NAMES = new String[PARSE + Reason.COUNT];

    static {
        for (int i = NO_NEIGHBOUR; i < PARSE; i++) {
            DROP_NAMES[i] = "capture-" + NAMES[i];
        }
        for (int i = 1; i < Reason.COUNT; i++) {
            DROP_NAMES[PARSE + i] = "capture-" + Reason.name(-i);
        }
    }

    private final LongAdder[] counts = new LongAdder[PARSE + Reason.COUNT];
    private final Dispatcher dispatcher;
    private final List<FrameMeters> meters = new CopyOnWriteArrayList<>();
    /** The node slots of the per-node byte counters, shared by the workers. */
    final NodeSlots nodes = new NodeSlots();

    /** Counters whose drops are also told to {@code dispatcher} (null in tests that do not look). */
    CaptureCounters(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /** Counts one outcome. */
    void count(int slot) {
        counts[slot].increment();
        if (slot >= NO_NEIGHBOUR && dispatcher != null) {
            dispatcher.countDrop(DROP_NAMES[slot]);
        }
    }

    /** Counts a frame dropped because it did not parse, by {@link Reason}. */
    void parseDrop(int reason) {
        count(PARSE + Reason.index(reason));
    }

    /** One counter's value. */
    long get(int slot) {
        return counts[slot].sum();
    }

    /** A parse drop counter's value. */
    long parseDrops(int reason) {
        return counts[PARSE + Reason.index(reason)].sum();
    }

    /** A new worker's meters, summed with the others' from now on. */
    FrameMeters newWorker() {
        FrameMeters m = new FrameMeters();
        meters.add(m);
        return m;
    }

    /** Latency per frame by mode ({@link FrameMeters#MODES}), summed over the workers. */
    Map<String, LatencyHistogram> latency() {
        Map<String, LatencyHistogram> m = new LinkedHashMap<>();
        for (int slot = 0; slot < FrameMeters.MODES.length; slot++) {
            LatencyHistogram h = LatencyHistogram.EMPTY;
            for (FrameMeters w : meters) {
                h = h.plus(w.latency.snapshot(slot));
            }
            m.put(FrameMeters.MODES[slot], h);
        }
        return m;
    }

    /** Bytes per node key, summed over the workers. */
    Map<String, NodeTraffic> traffic() {
        List<String> keys = nodes.keys(); // first: a worker's cells never outrun the slots assigned
        long[] sums = new long[2 * keys.size()];
        for (FrameMeters w : meters) {
            w.addBytesTo(sums);
        }
        Map<String, NodeTraffic> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            m.put(keys.get(i), new NodeTraffic(sums[2 * i], sums[2 * i + 1]));
        }
        return m;
    }

    /** Every counter by name, drops as {@code drop-REASON}, zero drops left out. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < counts.length; i++) {
            long v = counts[i].sum();
            if (i < NO_NEIGHBOUR) {
                m.put(NAMES[i], v);
            } else if (v > 0) {
                m.put("drop-" + DROP_NAMES[i].substring("capture-".length()), v);
            }
        }
        return m;
    }
}
