package org.rookery.packet;

import static org.rookery.packet.Bytes.u16;

import org.rookery.api.model.IpAddress;

/**
 * IP-in-IP encapsulation for the tunnel forwarding method: the view's IP datagram (Ethernet header
 * and padding dropped) behind a new Ethernet header and a new outer IP header, written into an
 * output array the caller owns.
 *
 * <p>The outer protocol says what is inside: 4 for IPv4 (RFC 2003), 41 for IPv6 (RFC 2473, 4213), in
 * either outer family. The outer header copies the inner TOS or traffic class (ECN too, the normal
 * mode of RFC 6040) and, for IPv4 inside IPv4, the DF bit; an IPv6 datagram is never fragmented on
 * its path, so its IPv4 carrier gets DF. TTL or hop limit is 64. The output may be the view's own
 * array: the datagram is moved before the headers are written, after which the view is stale.
 * Any view whose IP header was validated ({@link PacketView#hasL3()}) can be tunnelled, so deciding
 * whether a fragment or a frame with an odd transport should be is left to the caller.
 * An instance numbers the outer IPv4 datagrams, so use one per datapath thread.
 */
public final class Encapsulator {

    /** TTL and hop limit of the outer header. */
    public static final int OUTER_TTL = 64;

    private int nextId;

    /** An encapsulator whose outer IPv4 identification starts at 0. */
    public Encapsulator() {
    }

    /** Encapsulates into an outer IPv4 header; returns the length of the frame written at {@code outOff}, or a reason. */
    public int encapsulateV4(PacketView v, byte[] out, int outOff, long dstMac, long srcMac, int src, int dst) {
        if (!v.hasL3) {
            return v.reason;
        }
        byte[] b = v.buf;
        int l3 = v.l3;
        int inner = v.ipEnd - l3;
        int frame = 14 + 20 + inner;
        if (20 + inner > 0xFFFF || outOff < 0 || frame > out.length - outOff) {
            return Reason.TOO_BIG;
        }
        boolean innerV4 = v.ipVersion == 4;
        int tos = innerV4 ? b[l3 + 1] & 0xFF : (u16(b, l3) >>> 4) & 0xFF;
        int df = innerV4 ? u16(b, l3 + 6) & 0x4000 : 0x4000;
        System.arraycopy(b, l3, out, outOff + 34, inner);
        ethernet(out, outOff, dstMac, srcMac, FrameParser.ETH_IPV4);
        int o = outOff + 14;
        out[o] = 0x45;
        out[o + 1] = (byte) tos;
        Bytes.put16(out, o + 2, 20 + inner);
        Bytes.put16(out, o + 4, nextId);
        nextId = (nextId + 1) & 0xFFFF;
        Bytes.put16(out, o + 6, df);
        out[o + 8] = (byte) OUTER_TTL;
        out[o + 9] = (byte) (innerV4 ? 4 : 41);
        Bytes.put16(out, o + 10, 0);
        Bytes.put32(out, o + 12, src);
        Bytes.put32(out, o + 16, dst);
        Bytes.put16(out, o + 10, Checksums.compute(out, o, 20));
        return frame;
    }

    /** Encapsulates into an outer IPv6 header; returns the length of the frame written at {@code outOff}, or a reason. */
    public int encapsulateV6(PacketView v, byte[] out, int outOff, long dstMac, long srcMac,
                             long srcHi, long srcLo, long dstHi, long dstLo) {
        if (!v.hasL3) {
            return v.reason;
        }
        byte[] b = v.buf;
        int l3 = v.l3;
        int inner = v.ipEnd - l3;
        int frame = 14 + 40 + inner;
        if (inner > 0xFFFF || outOff < 0 || frame > out.length - outOff) {
            return Reason.TOO_BIG;
        }
        boolean innerV4 = v.ipVersion == 4;
        // Traffic class from the inner TOS or class; the inner flow label too, so ECMP still spreads flows.
        int first = innerV4 ? 0x60000000 | (b[l3 + 1] & 0xFF) << 20 : 0x60000000 | (Bytes.i32(b, l3) & 0x0FFFFFFF);
        System.arraycopy(b, l3, out, outOff + 54, inner);
        ethernet(out, outOff, dstMac, srcMac, FrameParser.ETH_IPV6);
        int o = outOff + 14;
        Bytes.put32(out, o, first);
        Bytes.put16(out, o + 4, inner);
        out[o + 6] = (byte) (innerV4 ? 4 : 41);
        out[o + 7] = (byte) OUTER_TTL;
        Bytes.put64(out, o + 8, srcHi);
        Bytes.put64(out, o + 16, srcLo);
        Bytes.put64(out, o + 24, dstHi);
        Bytes.put64(out, o + 32, dstLo);
        return frame;
    }

    /** Encapsulates with outer addresses of either family (both must be of the same one). */
    public int encapsulate(PacketView v, byte[] out, int outOff, long dstMac, long srcMac, IpAddress src, IpAddress dst) {
        if (src.family() != dst.family()) {
            throw new IllegalArgumentException("outer source and destination address families differ");
        }
        if (src.isV4()) {
            return encapsulateV4(v, out, outOff, dstMac, srcMac, (int) src.lo(), (int) dst.lo());
        }
        return encapsulateV6(v, out, outOff, dstMac, srcMac, src.hi(), src.lo(), dst.hi(), dst.lo());
    }

    private static void ethernet(byte[] out, int o, long dstMac, long srcMac, int etherType) {
        Bytes.put48(out, o, dstMac);
        Bytes.put48(out, o + 6, srcMac);
        Bytes.put16(out, o + 12, etherType);
    }
}
