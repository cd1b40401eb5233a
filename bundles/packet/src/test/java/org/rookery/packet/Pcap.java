package org.rookery.packet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** A small reader and writer of classic pcap files (both byte orders, micro- and nanosecond magic), so tests need no libpcap. */
public final class Pcap {

    /** Link type of Ethernet frames (DLT_EN10MB). */
    public static final int ETHERNET = 1;

    private static final int MAGIC_MICROS = 0xA1B2C3D4;
    private static final int MAGIC_NANOS = 0xA1B23C4D;

    /** One capture file: its link type and frames (each as captured, up to the snap length). */
    public record Capture(String name, int linkType, List<byte[]> frames) {
    }

    private Pcap() {
    }

    public static Capture read(String name, InputStream in) throws IOException {
        return read(name, in.readAllBytes());
    }

    public static Capture read(String name, byte[] data) {
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        int magic = bb.getInt(0);
        if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
            bb.order(ByteOrder.LITTLE_ENDIAN);
            magic = bb.getInt(0);
            if (magic != MAGIC_MICROS && magic != MAGIC_NANOS) {
                throw new IllegalArgumentException(name + " is not a classic pcap file (magic " + Integer.toHexString(magic) + ")");
            }
        }
        int linkType = bb.getInt(20) & 0xFFFF; // upper bits may carry FCS information
        List<byte[]> frames = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= data.length) {
            int captured = bb.getInt(pos + 8);
            if (captured < 0 || pos + 16 + captured > data.length) {
                throw new IllegalArgumentException(name + ": record at " + pos + " runs past the end of the file");
            }
            byte[] frame = new byte[captured];
            System.arraycopy(data, pos + 16, frame, 0, captured);
            frames.add(frame);
            pos += 16 + captured;
        }
        return new Capture(name, linkType, frames);
    }

    /** Writes a capture in the given byte order (microsecond timestamps, all zero). */
    static byte[] write(Capture c, ByteOrder order) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(order);
        h.putInt(MAGIC_MICROS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(c.linkType());
        out.writeBytes(h.array());
        for (byte[] f : c.frames()) {
            ByteBuffer r = ByteBuffer.allocate(16).order(order);
            r.putInt(0).putInt(0).putInt(f.length).putInt(f.length);
            out.writeBytes(r.array());
            out.writeBytes(f);
        }
        return out.toByteArray();
    }
}
