package org.rookery.packet;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IcmpV4CommonPacket;
import org.pcap4j.packet.IcmpV4EchoPacket;
import org.pcap4j.packet.IcmpV4EchoReplyPacket;
import org.pcap4j.packet.IcmpV6CommonPacket;
import org.pcap4j.packet.IcmpV6EchoReplyPacket;
import org.pcap4j.packet.IcmpV6EchoRequestPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.TcpPacket;
import org.pcap4j.packet.UdpPacket;
import org.rookery.api.model.IpAddress;

/** What pcap4j, an independent parser, makes of a frame: its IP layers in order and the transport after each. */
final class Pcap4jView {

    final Packet packet;
    final List<Packet> chain = new ArrayList<>();
    final List<Packet> ips = new ArrayList<>();

    Pcap4jView(byte[] frame) {
        try {
            packet = EthernetPacket.newPacket(frame, 0, frame.length);
        } catch (IllegalRawDataException e) {
            throw new AssertionError("pcap4j cannot read the frame", e);
        }
        for (Packet p = packet; p != null; p = p.getPayload()) {
            chain.add(p);
            if (p instanceof IpV4Packet || p instanceof IpV6Packet) {
                ips.add(p);
            }
        }
    }

    static IpAddress src(Packet ip) {
        return addr(ip instanceof IpV4Packet p4 ? p4.getHeader().getSrcAddr() : ((IpV6Packet) ip).getHeader().getSrcAddr());
    }

    static IpAddress dst(Packet ip) {
        return addr(ip instanceof IpV4Packet p4 ? p4.getHeader().getDstAddr() : ((IpV6Packet) ip).getHeader().getDstAddr());
    }

    static IpAddress addr(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 4 ? IpAddress.v4(Frames.int4(b)) : new IpAddress(IpAddress.V6, Frames.hi(b), Frames.lo(b));
    }

    /** The packet right after {@code ip} in the chain (pcap4j's idea of its payload). */
    Packet after(Packet ip) {
        int i = chain.indexOf(ip);
        return i + 1 < chain.size() ? chain.get(i + 1) : null;
    }

    /** The first packet of a type after {@code ip}, before the next IP layer, or null. */
    <T extends Packet> T find(Packet ip, Class<T> type) {
        for (int i = chain.indexOf(ip) + 1; i < chain.size(); i++) {
            Packet p = chain.get(i);
            if (p instanceof IpV4Packet || p instanceof IpV6Packet) {
                return null;
            }
            if (type.isInstance(p)) {
                return type.cast(p);
            }
        }
        return null;
    }

    /** Source and destination port of the transport after {@code ip} as pcap4j reads it, or null if it found none. */
    int[] ports(Packet ip) {
        TcpPacket tcp = find(ip, TcpPacket.class);
        if (tcp != null) {
            return new int[] {tcp.getHeader().getSrcPort().valueAsInt(), tcp.getHeader().getDstPort().valueAsInt()};
        }
        UdpPacket udp = find(ip, UdpPacket.class);
        if (udp != null) {
            return new int[] {udp.getHeader().getSrcPort().valueAsInt(), udp.getHeader().getDstPort().valueAsInt()};
        }
        return null;
    }

    /** The echo identifier after {@code ip}, or -1. */
    int echoIdentifier(Packet ip) {
        IcmpV4EchoPacket e4 = find(ip, IcmpV4EchoPacket.class);
        if (e4 != null) {
            return e4.getHeader().getIdentifierAsInt();
        }
        IcmpV4EchoReplyPacket r4 = find(ip, IcmpV4EchoReplyPacket.class);
        if (r4 != null) {
            return r4.getHeader().getIdentifierAsInt();
        }
        IcmpV6EchoRequestPacket e6 = find(ip, IcmpV6EchoRequestPacket.class);
        if (e6 != null) {
            return e6.getHeader().getIdentifierAsInt();
        }
        IcmpV6EchoReplyPacket r6 = find(ip, IcmpV6EchoReplyPacket.class);
        return r6 == null ? -1 : r6.getHeader().getIdentifierAsInt();
    }

    /** pcap4j's verdict on every checksum of the outer datagram it can check (IPv4 header and transport). */
    boolean checksumsValid() {
        Packet ip = ips.get(0);
        InetAddress s;
        InetAddress d;
        if (ip instanceof IpV4Packet p4) {
            if (!p4.getHeader().hasValidChecksum(false)) {
                return false;
            }
            s = p4.getHeader().getSrcAddr();
            d = p4.getHeader().getDstAddr();
        } else {
            s = ((IpV6Packet) ip).getHeader().getSrcAddr();
            d = ((IpV6Packet) ip).getHeader().getDstAddr();
        }
        boolean v4 = ip instanceof IpV4Packet;
        TcpPacket tcp = find(ip, TcpPacket.class);
        if (tcp != null) {
            return tcp.hasValidChecksum(s, d, false);
        }
        UdpPacket udp = find(ip, UdpPacket.class);
        if (udp != null) {
            return udp.hasValidChecksum(s, d, v4);
        }
        IcmpV4CommonPacket icmp4 = find(ip, IcmpV4CommonPacket.class);
        if (icmp4 != null) {
            return icmp4.hasValidChecksum(false);
        }
        IcmpV6CommonPacket icmp6 = find(ip, IcmpV6CommonPacket.class);
        if (icmp6 != null) {
            return icmp6.hasValidChecksum((java.net.Inet6Address) s, (java.net.Inet6Address) d, false);
        }
        return true;
    }
}
