package org.rookery.capture.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.rookery.api.model.IpAddress;
import org.rookery.packet.Bytes;

/** Builds Ethernet/IPv4 TCP and UDP frames with right checksums, and writes them as a capture. */
final class TestFrames {

    static final long ROUTER_MAC = 0x02_00_00_00_99_01L;
    static final long FRONT_END_MAC = 0x02_00_00_00_99_02L;
    static final long T0 = 1_700_000_000_000_000_000L;

    private TestFrames() {
    }

    static byte[] tcp(String src, int sport, String dst, int dport, int flags, int payload) {
        byte[] l4 = new byte[20 + payload];
        Bytes.put16(l4, 0, sport);
        Bytes.put16(l4, 2, dport);
        Bytes.put16(l4, 12, 0x5000 | flags);
        Bytes.put16(l4, 14, 0xFFFF);
        return frame(src, dst, 6, l4, 16);
    }

    static byte[] udp(String src, int sport, String dst, int dport, int payload) {
        byte[] l4 = new byte[8 + payload];
        Bytes.put16(l4, 0, sport);
        Bytes.put16(l4, 2, dport);
        Bytes.put16(l4, 4, l4.length);
        return frame(src, dst, 17, l4, 6);
    }

    /** An ICMPv4 error (type, code) from {@code src} to {@code dst} quoting {@code quote} (an IP header and more). */
    static byte[] icmpError(String src, String dst, int type, int code, byte[] quote) {
        byte[] l4 = new byte[8 + quote.length];
        l4[0] = (byte) type;
        l4[1] = (byte) code;
        System.arraycopy(quote, 0, l4, 8, quote.length);
        byte[] f = frame(src, dst, 1, l4, 2);
        // frame() added a pseudo header ICMPv4 does not have: checksum over the message alone
        Bytes.put16(f, 36, 0);
        Bytes.put16(f, 36, checksum(f, 34, l4.length, 0));
        return f;
    }

    /** An ARP request: not IP, so not decidable. */
    static byte[] arp() {
        byte[] f = new byte[42];
        Bytes.put48(f, 0, 0xFFFF_FFFF_FFFFL);
        Bytes.put48(f, 6, ROUTER_MAC);
        Bytes.put16(f, 12, 0x0806);
        return f;
    }

    private static byte[] frame(String src, String dst, int proto, byte[] l4, int csumAt) {
        byte[] f = new byte[14 + 20 + l4.length];
        Bytes.put48(f, 0, FRONT_END_MAC);
        Bytes.put48(f, 6, ROUTER_MAC);
        Bytes.put16(f, 12, 0x0800);
        Bytes.put16(f, 14, 0x4500);
        Bytes.put16(f, 16, 20 + l4.length);
        Bytes.put16(f, 20, 0x4000);
        f[22] = 64;
        f[23] = (byte) proto;
        Bytes.put32(f, 26, (int) IpAddress.parse(src).lo());
        Bytes.put32(f, 30, (int) IpAddress.parse(dst).lo());
        Bytes.put16(f, 24, checksum(f, 14, 20, 0));
        System.arraycopy(l4, 0, f, 34, l4.length);
        long pseudo = sum(f, 26, 8) + proto + l4.length;
        Bytes.put16(f, 34 + csumAt, checksum(f, 34, l4.length, pseudo));
        return f;
    }

    /** Writes the frames as a classic pcap, one millisecond apart. */
    static Path write(Path file, List<byte[]> frames) throws IOException {
        try (PcapWriter w = new PcapWriter(file)) {
            for (int i = 0; i < frames.size(); i++) {
                w.write(frames.get(i), 0, frames.get(i).length, T0 + i * 1_000_000L);
            }
        }
        return file;
    }

    static int checksum(byte[] b, int off, int len, long initial) {
        long s = initial + sum(b, off, len);
        while ((s >>> 16) != 0) {
            s = (s & 0xFFFF) + (s >>> 16);
        }
        return (int) ~s & 0xFFFF;
    }

    private static long sum(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            s += (b[off + i] & 0xFF) << 8 | (i + 1 < len ? b[off + i + 1] & 0xFF : 0);
        }
        return s;
    }
}
