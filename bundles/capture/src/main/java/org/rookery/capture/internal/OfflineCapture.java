package org.rookery.capture.internal;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.concurrent.TimeoutException;

import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * A capture file read by libpcap through pcap4j's offline handle: raw Ethernet frames and their
 * timestamps, no packet objects. libpcap reads classic pcap in either byte order and resolution,
 * and pcapng too.
 */
final class OfflineCapture implements AutoCloseable {

    private final Path file;
    private final PcapHandle handle;
    private long timestampNanos;

    private OfflineCapture(Path file, PcapHandle handle) {
        this.file = file;
        this.handle = handle;
    }

    /** Opens a capture of Ethernet frames; throws IllegalArgumentException with one line saying what is wrong. */
    static OfflineCapture open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file + "; expected a pcap file");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read " + file + ": permission denied");
        }
        PcapHandle h;
        try {
            h = Pcaps.openOffline(file.toString(), PcapHandle.TimestampPrecision.NANO);
        } catch (PcapNativeException e) {
            throw new IllegalArgumentException(file + " is not a pcap file: " + libpcapReason(e.getMessage(), file));
        }
        DataLinkType dlt = h.getDlt();
        if (dlt == null || dlt.value() != DataLinkType.EN10MB.value()) {
            h.close();
            throw new IllegalArgumentException(file + " holds " + (dlt == null ? "unknown" : dlt.valueAsString() + " (" + dlt.name() + ")")
                    + " frames; replay reads Ethernet captures (link type 1)");
        }
        return new OfflineCapture(file, h);
    }

    /** libpcap prefixes its message with the file name; keep only the reason. */
    private static String libpcapReason(String message, Path file) {
        String m = message == null ? "unreadable" : message.trim();
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    /** The next frame as captured (up to the snap length), or null at the end of the file. */
    byte[] next() {
        try {
            byte[] frame = handle.getNextRawPacketEx();
            Timestamp ts = handle.getTimestamp();
            timestampNanos = ts.getTime() / 1000 * 1_000_000_000L + ts.getNanos();
            return frame;
        } catch (EOFException e) {
            return null;
        } catch (PcapNativeException | TimeoutException | NotOpenException e) {
            throw new IllegalArgumentException(file + " is damaged: " + libpcapReason(e.getMessage(), file));
        }
    }

    /** Capture time of the last frame returned, in nanoseconds since the epoch. */
    long timestampNanos() {
        return timestampNanos;
    }

    @Override
    public void close() {
        handle.close();
    }
}
