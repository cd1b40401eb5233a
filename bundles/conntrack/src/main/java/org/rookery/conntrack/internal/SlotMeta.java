package org.rookery.conntrack.internal;

/**
 * Packs node id, IP protocol and state code into the one int per slot that also marks it used.
 *
 * <p>Layout: node in bits 31-16 (node ids are below 65536), protocol in bits 15-8, state code in
 * bits 2-0. State codes start at 1, so a used slot is never 0 and 0 can mean "empty" without a
 * separate occupancy bitmap.
 */
final class SlotMeta {

    /** The meta word of an empty slot. */
    static final int EMPTY = 0;

    private SlotMeta() {
    }

    static int pack(int node, int proto, int state) {
        return node << 16 | (proto & 0xFF) << 8 | state;
    }

    static int node(int meta) {
        return meta >>> 16;
    }

    static int proto(int meta) {
        return (meta >>> 8) & 0xFF;
    }

    static int state(int meta) {
        return meta & 0x7;
    }

    static int withState(int meta, int state) {
        return (meta & ~0x7) | state;
    }
}
