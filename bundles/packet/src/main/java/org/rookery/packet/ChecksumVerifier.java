package org.rookery.packet;

import static org.rookery.packet.Bytes.u16;

/**
 * Full checksum verification of a parsed frame, kept out of parsing because it reads every byte.
 *
 * <p>The transport checksum of a first fragment covers bytes in later fragments, so only the IPv4
 * header is checked there. The checksums inside an ICMP error's quote are not checked: the quote is
 * usually cut short, and the outer ICMP checksum already covers it.
 */
final class ChecksumVerifier {

    private ChecksumVerifier() {
    }

    static int verify(PacketView v) {
        if (!v.hasL3) {
            return v.reason;
        }
        byte[] b = v.buf;
        int l3 = v.l3;
        boolean v4 = v.ipVersion == 4;
        if (v4 && !Checksums.verifies(Checksums.sum(b, l3, (b[l3] & 0x0F) << 2, 0))) {
            return Reason.BAD_CHECKSUM;
        }
        if (v.reason != Reason.OK || v.firstFragment) {
            return v.reason;
        }
        int p = v.l4;
        int length = v.l4End - p;
        int pseudo;
        switch (v.l4Protocol) {
            case FrameParser.TCP -> pseudo = pseudoHeader(v, b, FrameParser.TCP, length);
            case FrameParser.UDP -> {
                int stored = u16(b, p + 6);
                if (stored == 0) {
                    // Zero means "no checksum" over IPv4; over IPv6 the checksum is mandatory (RFC 8200 8.1).
                    return v4 ? Reason.OK : Reason.BAD_CHECKSUM;
                }
                pseudo = pseudoHeader(v, b, FrameParser.UDP, length);
            }
            case FrameParser.ICMPV6 -> pseudo = pseudoHeader(v, b, FrameParser.ICMPV6, length);
            default -> pseudo = 0; // ICMPv4 has no pseudo header
        }
        return Checksums.verifies(Checksums.sum(b, p, length, pseudo)) ? Reason.OK : Reason.BAD_CHECKSUM;
    }

    private static int pseudoHeader(PacketView v, byte[] b, int protocol, int length) {
        if (v.ipVersion == 4) {
            return Checksums.pseudoHeaderV4(b, v.l3 + 12, v.l3 + 16, protocol, length);
        }
        return Checksums.pseudoHeaderV6(b, v.l3 + 8, v.pseudoDst, protocol, length);
    }
}
