package org.rookery.packet;

/**
 * The Internet checksum (RFC 1071): ones'-complement sums, full computation, pseudo headers, and the
 * incremental update of RFC 1624 for rewritten fields.
 *
 * <p>Sums are returned folded to 16 bits. Because ones'-complement addition is associative and
 * byte-order independent, the sum is taken over 32-bit words and folded once at the end. An update
 * is expressed as a delta, {@code ~m + m'} per changed 16-bit word, so that several changes to one
 * packet are summed first and applied to a checksum once: {@code HC' = ~(~HC + delta)} (RFC 1624
 * eqn. 3, which never turns a correct checksum into the wrong zero).
 */
public final class Checksums {

    private Checksums() {
    }

    /** The ones'-complement sum of {@code b[off, off+len)} plus {@code initial}, folded to 16 bits (odd tail padded). */
    public static int sum(byte[] b, int off, int len, int initial) {
        long s = initial & 0xFFFFFFFFL;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            s += (Bytes.i32(b, i) & 0xFFFFFFFFL) + (Bytes.i32(b, i + 4) & 0xFFFFFFFFL);
        }
        for (; i + 2 <= end; i += 2) {
            s += Bytes.u16(b, i);
        }
        if (i < end) {
            s += (b[i] & 0xFF) << 8;
        }
        return fold(s);
    }

    /** Folds a wide ones'-complement accumulator to 16 bits with end-around carry. */
    public static int fold(long s) {
        s = (s & 0xFFFFFFFFL) + (s >>> 32);
        s = (s & 0xFFFFFFFFL) + (s >>> 32);
        s = (s & 0xFFFF) + (s >>> 16);
        s = (s & 0xFFFF) + (s >>> 16);
        return (int) ((s & 0xFFFF) + (s >>> 16));
    }

    /** The checksum of {@code b[off, off+len)} whose checksum field is zero: the complement of its sum. */
    public static int compute(byte[] b, int off, int len) {
        return ~sum(b, off, len, 0) & 0xFFFF;
    }

    /** The checksum to store given the folded sum of everything it covers (with the field zero). */
    public static int finish(int sum) {
        return ~fold(sum & 0xFFFFFFFFL) & 0xFFFF;
    }

    /** True when a region sums, checksum field included, to ones'-complement zero (0xFFFF). */
    public static boolean verifies(int sum) {
        return fold(sum & 0xFFFFFFFFL) == 0xFFFF;
    }

    /** The folded sum of an IPv4 pseudo header: addresses read at {@code srcOff}/{@code dstOff}. */
    public static int pseudoHeaderV4(byte[] b, int srcOff, int dstOff, int protocol, int length) {
        long s = (Bytes.i32(b, srcOff) & 0xFFFFFFFFL) + (Bytes.i32(b, dstOff) & 0xFFFFFFFFL) + protocol + length;
        return fold(s);
    }

    /** The folded sum of an IPv6 pseudo header (RFC 8200 8.1): addresses read at {@code srcOff}/{@code dstOff}. */
    public static int pseudoHeaderV6(byte[] b, int srcOff, int dstOff, int protocol, int length) {
        int s = sum(b, srcOff, 16, protocol + length);
        return sum(b, dstOff, 16, s);
    }

    /** The delta {@code ~m + m'} of replacing the 16-bit word {@code old} by {@code neu}. */
    public static int delta16(int old, int neu) {
        return (~old & 0xFFFF) + (neu & 0xFFFF);
    }

    /** The delta of replacing a 32-bit field (two words) {@code old} by {@code neu}. */
    public static int delta32(int old, int neu) {
        return delta16(old >>> 16, neu >>> 16) + delta16(old, neu);
    }

    /** The checksum after the changes summed in {@code delta}: {@code ~(~HC + delta)} (RFC 1624 eqn. 3). */
    public static int adjust(int checksum, int delta) {
        return ~fold((~checksum & 0xFFFFL) + (delta & 0xFFFFFFFFL)) & 0xFFFF;
    }

    /** Applies {@code delta} to the checksum stored at {@code csumOff}. */
    public static void apply(byte[] b, int csumOff, int delta) {
        Bytes.put16(b, csumOff, adjust(Bytes.u16(b, csumOff), delta));
    }

    /** Updates the checksum at {@code csumOff} for a 16-bit field changed from {@code old} to {@code neu}. */
    public static void update16(byte[] b, int csumOff, int old, int neu) {
        apply(b, csumOff, delta16(old, neu));
    }

    /** Updates the checksum at {@code csumOff} for a 32-bit field changed from {@code old} to {@code neu}. */
    public static void update32(byte[] b, int csumOff, int old, int neu) {
        apply(b, csumOff, delta32(old, neu));
    }
}
