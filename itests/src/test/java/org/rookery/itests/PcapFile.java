package org.rookery.itests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The frames of a classic pcap file (as tcpdump -w writes), read independently of the code under test. */
final class PcapFile {

    private PcapFile() {
    }

    /** Every frame's captured bytes, in order. */
    static List<byte[]> frames(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        List<byte[]> frames = new ArrayList<>();
        if (b.remaining() < 24) {
            return frames;
        }
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        b.position(24);
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int incl = b.getInt();
            b.getInt();
            if (incl > b.remaining()) {
                break; // a record cut short by the capture's end
            }
            byte[] f = new byte[incl];
            b.get(f);
            frames.add(f);
        }
        return frames;
    }

    /** The IPv4 packet inside an Ethernet frame, cut to its total length (drops Ethernet padding). */
    static byte[] ipv4(byte[] frame) {
        int total = u16(frame, 14 + 2);
        return Arrays.copyOfRange(frame, 14, 14 + total);
    }

    static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    /** The one's complement sum over an IPv4 header: 0 when its checksum is right. */
    static int headerChecksum(byte[] ip, int off, int len) {
        int s = 0;
        for (int i = 0; i < len; i += 2) {
            s += u16(ip, off + i);
        }
        while ((s >> 16) != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return ~s & 0xffff;
    }

    /** "02:91:00:00:00:11" as bytes. */
    static byte[] mac(String text) {
        String[] p = text.split(":");
        byte[] m = new byte[6];
        for (int i = 0; i < 6; i++) {
            m[i] = (byte) Integer.parseInt(p[i], 16);
        }
        return m;
    }

    /** "10.91.0.1" as bytes. */
    static byte[] ip(String text) {
        String[] p = text.split("\\.");
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            a[i] = (byte) Integer.parseInt(p[i]);
        }
        return a;
    }
}
