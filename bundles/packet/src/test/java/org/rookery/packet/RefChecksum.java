package org.rookery.packet;

/**
 * An independent, deliberately naive Internet checksum (a word at a time, RFC 1071 as written), used
 * to judge the production code rather than to mirror it.
 */
final class RefChecksum {

    private RefChecksum() {
    }

    /** The ones'-complement sum of the concatenated parts, folded to 16 bits. */
    static int sum(byte[]... parts) {
        byte[] all = concat(parts);
        int sum = 0;
        for (int i = 0; i < all.length; i += 2) {
            int word = (all[i] & 0xFF) << 8;
            if (i + 1 < all.length) {
                word |= all[i + 1] & 0xFF;
            }
            sum += word;
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xFFFF) + (sum >>> 16);
            }
        }
        return sum;
    }

    /** The checksum of data whose checksum field is zero. */
    static int checksum(byte[]... parts) {
        return ~sum(parts) & 0xFFFF;
    }

    /** True when data including its checksum field sums to ones'-complement zero. */
    static boolean valid(byte[]... parts) {
        return sum(parts) == 0xFFFF;
    }

    /** The pseudo header of RFC 793/768 (IPv4, 4-byte addresses) or RFC 8200 (IPv6, 16-byte addresses). */
    static byte[] pseudo(byte[] src, byte[] dst, int protocol, int length) {
        if (src.length == 4) {
            return concat(src, dst, new byte[] {0, (byte) protocol, (byte) (length >>> 8), (byte) length});
        }
        return concat(src, dst, new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length,
            0, 0, 0, (byte) protocol});
    }

    static byte[] slice(byte[] b, int from, int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }
}
