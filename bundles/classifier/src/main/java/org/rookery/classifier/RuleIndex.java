package org.rookery.classifier;

import java.util.Arrays;

/**
 * The rule chain as bit vectors, one per elementary interval of each field (the Lakshman-Stiliadis
 * bit-vector scheme): for a key, each field's interval is found (a table index for the protocol, a
 * binary search for the port and the two addresses), the interval's vectors are ANDed, and the lowest
 * set bit is the first rule that matches on every field. Why: a linear scan costs every new flow a
 * pass over all the rules (about 2 ns a rule); this costs four searches of about log2(2 * rules)
 * steps and one AND per 64 rules, whatever the rules are. A rule's interface, a string, is not a field
 * of the vectors: a candidate rule with one is confirmed by name, and the next candidate is taken from
 * the same ANDed words, so the searches are never repeated. Immutable.
 *
 * <p>Memory is (2 * rules + 1) intervals * rules / 8 bytes per field, so the index is only built up to
 * {@link #MAX_RULES} rules; above that {@link RuleClassifier} scans.
 */
final class RuleIndex {

    /** Largest chain indexed: 4,097 intervals of 64 words per field, about 2 MiB each. */
    static final int MAX_RULES = 4096;

    private static final int FAMILY_ANY = 0;
    private static final int V4 = 4;
    private static final int V6 = 6;

    private final int words;
    /** Each rule's ingress interface, null for any. */
    private final String[] iface;
    /** 256 protocols, {@code words} longs each. */
    private final long[] byProtocol;
    private final Intervals ports;
    private final Intervals srcV4;
    private final Intervals srcV6;
    private final Intervals dstV4;
    private final Intervals dstV6;

    /** Indexes {@code size} rules given as the parallel arrays {@link RuleClassifier} compiles. */
    RuleIndex(int size, int[] protocol, int[] portFirst, int[] portLast,
              int[] srcFamily, long[] srcHi, long[] srcLo, long[] srcMaskHi, long[] srcMaskLo,
              int[] dstFamily, long[] dstHi, long[] dstLo, long[] dstMaskHi, long[] dstMaskLo, String[] iface) {
        words = Math.max(1, (size + 63) >>> 6);
        this.iface = iface;
        byProtocol = new long[256 * words];
        for (int i = 0; i < size; i++) {
            for (int p = 0; p < 256; p++) {
                if (protocol[i] == 0 || protocol[i] == p) {
                    set(byProtocol, p * words, i);
                }
            }
        }
        long[] zero = new long[size];
        long[] lo = new long[size];
        long[] hi = new long[size];
        for (int i = 0; i < size; i++) {
            lo[i] = portFirst[i];
            hi[i] = portLast[i];
        }
        boolean[] all = new boolean[size];
        Arrays.fill(all, true);
        ports = new Intervals(size, words, all, zero, lo, zero, hi);
        srcV4 = addresses(size, V4, srcFamily, srcHi, srcLo, srcMaskHi, srcMaskLo);
        srcV6 = addresses(size, V6, srcFamily, srcHi, srcLo, srcMaskHi, srcMaskLo);
        dstV4 = addresses(size, V4, dstFamily, dstHi, dstLo, dstMaskHi, dstMaskLo);
        dstV6 = addresses(size, V6, dstFamily, dstHi, dstLo, dstMaskHi, dstMaskLo);
    }

    /** The intervals of one address field for one family: a prefix is the range network..network|~mask. */
    private Intervals addresses(int size, int family, int[] fam, long[] netHi, long[] netLo, long[] maskHi, long[] maskLo) {
        boolean[] applies = new boolean[size];
        long[] fromHi = new long[size];
        long[] fromLo = new long[size];
        long[] toHi = new long[size];
        long[] toLo = new long[size];
        long topLo = family == V4 ? 0xFFFFFFFFL : -1L;
        long topHi = family == V4 ? 0 : -1L;
        for (int i = 0; i < size; i++) {
            if (fam[i] == FAMILY_ANY) {
                applies[i] = true;
                toHi[i] = topHi;
                toLo[i] = topLo;
            } else if (fam[i] == family) {
                applies[i] = true;
                fromHi[i] = netHi[i];
                fromLo[i] = netLo[i];
                toHi[i] = netHi[i] | (~maskHi[i] & topHi);
                toLo[i] = netLo[i] | (~maskLo[i] & topLo);
            }
        }
        return new Intervals(size, words, applies, fromHi, fromLo, toHi, toLo);
    }

    /**
     * The first rule that matches protocol, port, both addresses and the ingress interface of a
     * {@code family} key, or -1. Allocation-free.
     */
    int first(int family, int protocol, int port, long srcHi, long srcLo, long dstHi, long dstLo, String ingress) {
        boolean v4 = family == V4;
        Intervals src = v4 ? srcV4 : srcV6;
        Intervals dst = v4 ? dstV4 : dstV6;
        int p = (protocol & 0xFF) * words;
        int q = ports.find(0, port) * words;
        int s = src.find(srcHi, srcLo) * words;
        int d = dst.find(dstHi, dstLo) * words;
        long[] pb = ports.bits;
        long[] sb = src.bits;
        long[] db = dst.bits;
        for (int w = 0; w < words; w++) {
            long x = byProtocol[p + w] & pb[q + w] & sb[s + w] & db[d + w];
            while (x != 0) {
                int rule = (w << 6) + Long.numberOfTrailingZeros(x);
                if (iface[rule] == null || iface[rule].equals(ingress)) {
                    return rule;
                }
                x &= x - 1;
            }
        }
        return -1;
    }

    private static void set(long[] bits, int base, int rule) {
        bits[base + (rule >>> 6)] |= 1L << rule;
    }

    /**
     * One field cut into elementary intervals (each lies wholly inside or outside every rule's range),
     * with the vector of the rules that cover it. Values are unsigned 128-bit (hi, lo) pairs.
     */
    private static final class Intervals {

        /** Interval k runs from (startHi[k], startLo[k]) to the next start minus one; start 0 is zero. */
        final long[] startHi;
        final long[] startLo;
        final long[] bits;
        /** All starts fit in lo: the search compares one word. */
        final boolean narrow;

        Intervals(int size, int words, boolean[] applies, long[] fromHi, long[] fromLo, long[] toHi, long[] toLo) {
            long[][] starts = new long[2 * size + 1][];
            int n = 0;
            starts[n++] = new long[] {0, 0};
            for (int i = 0; i < size; i++) {
                if (!applies[i]) {
                    continue;
                }
                starts[n++] = new long[] {fromHi[i], fromLo[i]};
                if (toLo[i] != -1L) {
                    starts[n++] = new long[] {toHi[i], toLo[i] + 1};
                } else if (toHi[i] != -1L) {
                    starts[n++] = new long[] {toHi[i] + 1, 0};
                } // else the range ends at the top of the space: no interval after it
            }
            long[][] sorted = Arrays.copyOf(starts, n);
            Arrays.sort(sorted, (a, b) -> compare(a[0], a[1], b[0], b[1]));
            int m = 0;
            for (int k = 0; k < n; k++) {
                if (m == 0 || compare(sorted[k][0], sorted[k][1], sorted[m - 1][0], sorted[m - 1][1]) != 0) {
                    sorted[m++] = sorted[k];
                }
            }
            startHi = new long[m];
            startLo = new long[m];
            boolean allLo = true;
            for (int k = 0; k < m; k++) {
                startHi[k] = sorted[k][0];
                startLo[k] = sorted[k][1];
                allLo &= startHi[k] == 0 && startLo[k] >= 0;
            }
            narrow = allLo;
            bits = new long[m * words];
            for (int i = 0; i < size; i++) {
                if (!applies[i]) {
                    continue;
                }
                int first = find(fromHi[i], fromLo[i]);
                for (int k = first; k < m && compare(startHi[k], startLo[k], toHi[i], toLo[i]) <= 0; k++) {
                    set(bits, k * words, i);
                }
            }
        }

        /**
         * The interval holding the value: the last start at or below it. The search keeps a window that
         * surely holds the answer and halves it with a select rather than a branch (the JIT makes it a
         * conditional move), because a new flow's address is random and every branch would be a coin toss.
         */
        int find(long hi, long lo) {
            int base = 0;
            int len = startLo.length;
            if (narrow && hi == 0 && lo >= 0) {
                long[] s = startLo;
                while (len > 1) {
                    int half = len >>> 1;
                    base = s[base + half] <= lo ? base + half : base;
                    len -= half;
                }
                return base;
            }
            while (len > 1) {
                int half = len >>> 1;
                int mid = base + half;
                base = compare(startHi[mid], startLo[mid], hi, lo) <= 0 ? mid : base;
                len -= half;
            }
            return base;
        }

        private static int compare(long aHi, long aLo, long bHi, long bLo) {
            int c = Long.compareUnsigned(aHi, bHi);
            return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
        }
    }
}
