package org.rookery.capture.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.rookery.packet.Reason;

/** Counts the outcome of every replayed frame: per node and per verdict, in primitive arrays. */
final class ReplayTally {

    /** Decided to a node and rewritten for it. */
    static final int FORWARDED = 0;
    /** Decided to a node of a proxy service: counted, not rewritten. */
    static final int PROXIED = 1;
    /** The dispatcher's local verdict: not ours. */
    static final int LOCAL = 2;
    /** The dispatcher's drop verdict (a rule, or a flow of a down node). */
    static final int DROP = 3;
    /** The pool had no usable node. */
    static final int NO_NODE = 4;
    /** Not of the service replay was asked for; not decided. */
    static final int SKIPPED = 5;
    /** Decided to a node that was gone before the rewrite. */
    static final int NODE_GONE = 6;
    private static final int PARSE = 7;
    private static final int REWRITE = PARSE + Reason.COUNT;

    private final long[] verdicts = new long[REWRITE + Reason.COUNT];
    private final long[] nodeFrames;
    private final String skippedName;
    private long frames;
    private long badChecksums;

    /** A tally for node ids below {@code nodes}; {@code service} names the filter, or null. */
    ReplayTally(int nodes, String service) {
        nodeFrames = new long[Math.max(nodes, 0)];
        skippedName = "skipped (not " + service + ")";
    }

    void frame() {
        frames++;
    }

    void verdict(int slot) {
        verdicts[slot]++;
    }

    void parseFailed(int reason) {
        verdicts[PARSE + Reason.index(reason)]++;
    }

    void rewriteFailed(int reason) {
        verdicts[reason == FrameStep.NODE_GONE ? NODE_GONE : REWRITE + Reason.index(reason)]++;
    }

    void node(int id) {
        nodeFrames[id]++;
    }

    void badChecksum() {
        badChecksums++;
    }

    /** Frames read. */
    long frames() {
        return frames;
    }

    /** Frames decided to node {@code id}. */
    long nodeFrames(int id) {
        return id < nodeFrames.length ? nodeFrames[id] : 0;
    }

    /** Frames decided to any node. */
    long decidedToNodes() {
        long n = 0;
        for (long f : nodeFrames) {
            n += f;
        }
        return n;
    }

    /** Decided frames whose checksums did not verify as captured. */
    long badChecksums() {
        return badChecksums;
    }

    /** The non-zero verdicts by name, in a fixed order: outcomes first, then drop reasons. */
    Map<String, Long> verdicts() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < verdicts.length; i++) {
            if (verdicts[i] > 0) {
                m.put(name(i), verdicts[i]);
            }
        }
        return m;
    }

    private String name(int slot) {
        return switch (slot) {
            case FORWARDED -> "forwarded";
            case PROXIED -> "proxy (counted, not rewritten)";
            case LOCAL -> "local";
            case DROP -> "drop";
            case NO_NODE -> "no-node";
            case SKIPPED -> skippedName;
            case NODE_GONE -> "node-gone";
            default -> slot < REWRITE ? Reason.name(-(slot - PARSE)) : "rewrite failed: " + Reason.name(-(slot - REWRITE));
        };
    }
}
