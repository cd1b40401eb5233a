package org.rookery.packet;

/** Big-endian field access on a byte array; callers check bounds before they read. */
public final class Bytes {

    private Bytes() {
    }

    /** The unsigned byte at {@code i}. */
    public static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    /** The unsigned 16-bit field at {@code i}. */
    public static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    /** The 32-bit field at {@code i}. */
    public static int i32(byte[] b, int i) {
        return (b[i] << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    /** The 64-bit field at {@code i}. */
    public static long i64(byte[] b, int i) {
        return ((long) i32(b, i) << 32) | (i32(b, i + 4) & 0xFFFFFFFFL);
    }

    /** The unsigned 48-bit field (a MAC address) at {@code i}. */
    public static long u48(byte[] b, int i) {
        return ((long) u16(b, i) << 32) | (i32(b, i + 2) & 0xFFFFFFFFL);
    }

    /** Writes a 16-bit field at {@code i}. */
    public static void put16(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 8);
        b[i + 1] = (byte) v;
    }

    /** Writes a 32-bit field at {@code i}. */
    public static void put32(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    /** Writes a 64-bit field at {@code i}. */
    public static void put64(byte[] b, int i, long v) {
        put32(b, i, (int) (v >>> 32));
        put32(b, i + 4, (int) v);
    }

    /** Writes a 48-bit field (a MAC address) at {@code i}. */
    public static void put48(byte[] b, int i, long v) {
        put16(b, i, (int) (v >>> 32));
        put32(b, i + 2, (int) v);
    }
}
