package org.rookery.capture.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap file (magic a1b2c3d4, version 2.4, microsecond timestamps, link type
 * Ethernet), the format Wireshark, tcpdump and every libpcap open without asking.
 */
final class PcapWriter implements AutoCloseable {

    /** Link type of Ethernet frames (DLT_EN10MB). */
    static final int LINKTYPE_ETHERNET = 1;
    /** Large enough for a tunnelled jumbo frame; only recorded, never enforced here. */
    static final int SNAPLEN = 262_144;

    private final OutputStream out;
    private final ByteBuffer record = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private long frames;

    /** Creates or truncates the file and writes the file header. */
    PcapWriter(Path file) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(SNAPLEN).putInt(LINKTYPE_ETHERNET);
        out.write(h.array());
    }

    /** Appends one frame {@code b[off, off+len)} stamped with a time in nanoseconds since the epoch. */
    void write(byte[] b, int off, int len, long timestampNanos) throws IOException {
        record.clear();
        record.putInt((int) (timestampNanos / 1_000_000_000L))
                .putInt((int) (timestampNanos % 1_000_000_000L / 1000))
                .putInt(len).putInt(len);
        out.write(record.array());
        out.write(b, off, len);
        frames++;
    }

    /** Frames written so far. */
    long frames() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
