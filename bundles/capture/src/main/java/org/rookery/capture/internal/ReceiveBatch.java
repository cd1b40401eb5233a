package org.rookery.capture.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

/**
 * The frames libpcap has ready, fetched with one {@code pcap_dispatch} call instead of a
 * {@code pcap_next_ex} per frame: the callback is libpcap's own {@code pcap_dump}, and its "file" a
 * libc memory stream ({@code fmemopen}, unbuffered) over a native buffer allocated once, so the frames
 * land there as pcap records (a 16-byte {@code pcap_sf_pkthdr}: 32-bit seconds, microseconds, caplen,
 * length; then the bytes), which are read from Java through a direct buffer view. Two JNA calls fetch up
 * to {@code capacity} frames; nothing is allocated. Not thread-safe: one per capture worker.
 */
final class ReceiveBatch implements AutoCloseable {

    private static final int RECORD_HEADER = 16;
    private static final long PCAP_DUMP = LibpcapReceive.pcapDump();

    private final int capacity;
    private final Memory records;
    private final ByteBuffer view;
    /** The same bytes big-endian, for reading frames as they are on the wire. */
    private final ByteBuffer wire;
    private long stream;
    private int pending;
    private int at;
    private int wireLength;

    /** Room for {@code capacity} frames of up to {@code snaplen} bytes. */
    ReceiveBatch(int capacity, int snaplen) {
        this.capacity = capacity;
        long size = (long) capacity * (RECORD_HEADER + snaplen) + 1; // room to spare for fmemopen's own end mark
        this.records = new Memory(size);
        this.view = records.getByteBuffer(0, size).order(ByteOrder.nativeOrder());
        this.wire = records.getByteBuffer(0, size).order(ByteOrder.BIG_ENDIAN);
        this.stream = Libc.fmemopen(Pointer.nativeValue(records), size, "wb");
        if (stream == 0) {
            throw new IllegalStateException("fmemopen failed for the receive batch");
        }
        if (Libc.unbuffered(stream) != 0) {
            Libc.fclose(stream);
            throw new IllegalStateException("setvbuf failed for the receive batch");
        }
    }

    /** Frames fetched and not read yet. */
    int pending() {
        return pending;
    }

    /**
     * Fetches the frames {@code pcap} has ready, at most {@code capacity} (only when none is pending):
     * their number, 0 when none was ready, or libpcap's negative error code.
     */
    int fetch(long pcap) {
        Libc.rewind(stream);
        int n = LibpcapReceive.pcap_dispatch(pcap, capacity, PCAP_DUMP, stream);
        pending = Math.max(n, 0);
        at = 0;
        return n;
    }

    /** Shows every pending frame to {@code ahead}, in order, without consuming any; then says they were all shown. */
    void ahead(FramePort.Ahead ahead) {
        int record = at;
        for (int k = 0; k < pending; k++) {
            int caplen = view.getInt(record + 8);
            ahead.ahead(wire, record + RECORD_HEADER, caplen);
            record += RECORD_HEADER + caplen;
        }
        ahead.shown();
    }

    /** Copies the next pending frame into {@code buf} (cut to its length) and returns the bytes copied. */
    int next(byte[] buf) {
        int caplen = view.getInt(at + 8);
        wireLength = view.getInt(at + 12);
        int n = Math.min(caplen, buf.length);
        view.get(at + RECORD_HEADER, buf, 0, n);
        at += RECORD_HEADER + caplen;
        pending--;
        return n;
    }

    /** The length on the wire of the frame {@link #next} returned last. */
    int wireLength() {
        return wireLength;
    }

    /** Closes the stream; again, nothing. */
    @Override
    public void close() {
        if (stream != 0) {
            Libc.fclose(stream);
            stream = 0;
        }
    }
}
