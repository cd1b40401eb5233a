package org.rookery.packet;

import static org.rookery.packet.Bytes.u16;
import static org.rookery.packet.Bytes.u8;

/**
 * ICMP and ICMPv6 keying. Echo is keyed by its identifier; an error is keyed by the datagram it
 * quotes, which left towards the client, so the view marks the key to be turned round (as IPVS does,
 * the error then reaches the node that owns the flow).
 */
final class IcmpParser {

    private IcmpParser() {
    }

    static int parse(PacketView v, byte[] b) {
        int p = v.l4;
        int end = v.ipEnd;
        if (p + 8 > end) {
            return Reason.TRUNCATED;
        }
        boolean v4 = v.ipVersion == 4;
        int type = u8(b, p);
        v.icmpType = type;
        v.icmpCode = u8(b, p + 1);
        v.l4End = end;
        if (isEcho(type, v4)) {
            // The identifier stands for both ports, so a request and its reply have one key turned round.
            v.srcPort = u16(b, p + 4);
            v.dstPort = v.srcPort;
            return Reason.OK;
        }
        if (!isError(type, v4)) {
            return Reason.OK;
        }
        v.icmpError = true;
        return v4 ? quotedV4(v, b, p + 8, end) : quotedV6(v, b, p + 8, end);
    }

    /** Destination unreachable (incl. fragmentation needed), source quench, time exceeded, parameter problem. */
    static boolean isError(int type, boolean v4) {
        return v4 ? type == 3 || type == 4 || type == 11 || type == 12 : type >= 1 && type <= 4;
    }

    static boolean isEcho(int type, boolean v4) {
        return v4 ? type == 8 || type == 0 : type == 128 || type == 129;
    }

    private static int quotedV4(PacketView v, byte[] b, int q, int end) {
        // The quote is cut short by design (RFC 792: header + 8 bytes), so its own length field is not checked against it.
        if (q + 20 > end || (b[q] & 0xF0) != 0x40) {
            return Reason.BAD_ICMP;
        }
        int ihl = (b[q] & 0x0F) << 2;
        if (ihl < 20 || q + ihl > end || u16(b, q + 2) < ihl) {
            return Reason.BAD_ICMP;
        }
        v.innerL3 = q;
        v.innerL4 = q + ihl;
        v.innerProtocol = u8(b, q + 9);
        v.keyProtocol = v.innerProtocol;
        v.keySrc = q + 12;
        v.keyDst = q + 16;
        if ((u16(b, q + 6) & 0x1FFF) != 0) {
            return Reason.FRAGMENT;
        }
        return quotedTransport(v, b, end, FrameParser.ICMP, true);
    }

    private static int quotedV6(PacketView v, byte[] b, int q, int end) {
        if (q + 40 > end || (b[q] & 0xF0) != 0x60) {
            return Reason.BAD_ICMP;
        }
        v.innerL3 = q;
        v.keySrc = q + 8;
        v.keyDst = q + 24;
        int r = Ipv6Chain.walk(v, b, q + 40, u8(b, q + 6), end, q + 24);
        v.innerL4 = v.walkOffset;
        v.innerProtocol = v.walkProtocol;
        v.keyProtocol = v.walkProtocol;
        if (r == Reason.TRUNCATED) {
            return Reason.BAD_ICMP;
        }
        if (r != Reason.OK) {
            return r;
        }
        return quotedTransport(v, b, end, FrameParser.ICMPV6, false);
    }

    private static int quotedTransport(PacketView v, byte[] b, int end, int icmpProtocol, boolean v4) {
        int p = v.innerL4;
        int proto = v.innerProtocol;
        if (proto != FrameParser.TCP && proto != FrameParser.UDP && proto != icmpProtocol) {
            return Reason.UNSUPPORTED_PROTOCOL;
        }
        // Every error quotes at least 8 bytes of the transport: the ports, or the ICMP identifier.
        if (p + 8 > end) {
            return Reason.BAD_ICMP;
        }
        if (proto == icmpProtocol) {
            int type = u8(b, p);
            if (isError(type, v4) || !v4 && type < 128) {
                // Errors are never sent about errors (RFC 1122 3.2.2, RFC 4443 2.4).
                return Reason.BAD_ICMP;
            }
            if (isEcho(type, v4)) {
                v.srcPort = u16(b, p + 4);
                v.dstPort = v.srcPort;
            }
            return Reason.OK;
        }
        v.srcPort = u16(b, p);
        v.dstPort = u16(b, p + 2);
        return Reason.OK;
    }
}
