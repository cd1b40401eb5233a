package org.rookery.packet;

import static org.rookery.packet.Bytes.u16;
import static org.rookery.packet.Bytes.u8;

/**
 * Ethernet, IPv4, IPv6 and transport header parsing into a {@link PacketView}.
 *
 * <p>Every read is preceded by a bound check against the end of the frame or, once the IP length is
 * known, the end of the datagram; so a malformed frame yields a reason, never an exception.
 */
final class FrameParser {

    static final int ETH_IPV4 = 0x0800;
    static final int ETH_IPV6 = 0x86DD;
    static final int ETH_VLAN = 0x8100;
    static final int TCP = 6;
    static final int UDP = 17;
    static final int ICMP = 1;
    static final int ICMPV6 = 58;
    static final int AH = 51;

    private FrameParser() {
    }

    static int parse(PacketView v) {
        byte[] b = v.buf;
        int p = v.off;
        if (p + 14 > v.end) {
            return Reason.TRUNCATED;
        }
        int type = u16(b, p + 12);
        int l2 = 14;
        if (type == ETH_VLAN) {
            if (p + 18 > v.end) {
                return Reason.TRUNCATED;
            }
            v.vlanTci = u16(b, p + 14);
            type = u16(b, p + 16);
            l2 = 18;
        }
        v.l2Length = l2;
        v.etherType = type;
        v.l3 = p + l2;
        if (type == ETH_IPV4) {
            return ipv4(v, b);
        }
        if (type == ETH_IPV6) {
            return ipv6(v, b);
        }
        return Reason.UNSUPPORTED_ETHERTYPE;
    }

    private static int ipv4(PacketView v, byte[] b) {
        int l3 = v.l3;
        if (l3 + 20 > v.end) {
            return Reason.TRUNCATED;
        }
        if ((b[l3] & 0xF0) != 0x40) {
            return Reason.BAD_VERSION;
        }
        int ihl = (b[l3] & 0x0F) << 2;
        if (ihl < 20) {
            return Reason.BAD_HEADER_LENGTH;
        }
        if (l3 + ihl > v.end) {
            return Reason.TRUNCATED;
        }
        int total = u16(b, l3 + 2);
        if (total < ihl || l3 + total > v.end) {
            return Reason.BAD_LENGTH;
        }
        v.hasL3 = true;
        v.ipVersion = 4;
        v.ipEnd = l3 + total;
        v.pseudoDst = l3 + 16;
        v.keySrc = l3 + 12;
        v.keyDst = l3 + 16;
        int proto = u8(b, l3 + 9);
        int p = l3 + ihl;
        v.keyProtocol = proto;
        v.l4 = p;
        v.l4Protocol = proto;
        int frag = u16(b, l3 + 6);
        if ((frag & 0x1FFF) != 0) {
            return Reason.FRAGMENT;
        }
        v.firstFragment = (frag & 0x2000) != 0;
        // AH sits between IPv4 and the transport as in IPv6 (RFC 4302): skip it to key the transport.
        while (proto == AH) {
            if (p + 8 > v.ipEnd) {
                return Reason.TRUNCATED;
            }
            proto = u8(b, p);
            p += (u8(b, p + 1) + 2) << 2;
            if (p > v.ipEnd) {
                return Reason.TRUNCATED;
            }
            v.keyProtocol = proto;
            v.l4 = p;
            v.l4Protocol = proto;
        }
        return transport(v, b, ICMP);
    }

    private static int ipv6(PacketView v, byte[] b) {
        int l3 = v.l3;
        if (l3 + 40 > v.end) {
            return Reason.TRUNCATED;
        }
        if ((b[l3] & 0xF0) != 0x60) {
            return Reason.BAD_VERSION;
        }
        int payload = u16(b, l3 + 4);
        if (l3 + 40 + payload > v.end) {
            return Reason.BAD_LENGTH;
        }
        v.hasL3 = true;
        v.ipVersion = 6;
        v.ipEnd = l3 + 40 + payload;
        v.keySrc = l3 + 8;
        v.keyDst = l3 + 24;
        int r = Ipv6Chain.walk(v, b, l3 + 40, u8(b, l3 + 6), v.ipEnd, l3 + 24);
        v.keyProtocol = v.walkProtocol;
        v.l4 = v.walkOffset;
        v.l4Protocol = v.walkProtocol;
        v.pseudoDst = v.walkPseudoDst;
        if (r != Reason.OK) {
            return r;
        }
        v.firstFragment = v.walkFirstFragment;
        return transport(v, b, ICMPV6);
    }

    private static int transport(PacketView v, byte[] b, int icmpProtocol) {
        int p = v.l4;
        int end = v.ipEnd;
        int proto = v.l4Protocol;
        if (proto == TCP) {
            if (p + 20 > end) {
                return Reason.TRUNCATED;
            }
            int dataOffset = (b[p + 12] & 0xF0) >>> 2;
            if (dataOffset < 20) {
                return Reason.BAD_HEADER_LENGTH;
            }
            if (p + dataOffset > end) {
                return Reason.TRUNCATED;
            }
            v.l4End = end;
            v.tcpFlags = u8(b, p + 13);
            v.srcPort = u16(b, p);
            v.dstPort = u16(b, p + 2);
            return Reason.OK;
        }
        if (proto == UDP) {
            if (p + 8 > end) {
                return Reason.TRUNCATED;
            }
            int udpLength = u16(b, p + 4);
            // A first fragment holds only part of the datagram the UDP length counts.
            if (udpLength < 8 || (!v.firstFragment && p + udpLength > end)) {
                return Reason.BAD_LENGTH;
            }
            v.l4End = v.firstFragment ? end : p + udpLength;
            v.srcPort = u16(b, p);
            v.dstPort = u16(b, p + 2);
            return Reason.OK;
        }
        if (proto == icmpProtocol) {
            return IcmpParser.parse(v, b);
        }
        return Reason.UNSUPPORTED_PROTOCOL;
    }
}
