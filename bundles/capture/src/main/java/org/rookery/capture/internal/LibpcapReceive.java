package org.rookery.capture.internal;

import java.lang.reflect.Field;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.pcap4j.core.PcapHandle;

/**
 * libpcap's {@code pcap_next_ex} bound by JNA direct mapping, the one call on the receive path that
 * pcap4j only offers with per-frame objects ({@code getNextRawPacket} copies each frame into a new
 * array and wraps the pointers in new objects). Here the header and data pointers come back in
 * long arrays the caller keeps, and the frame is copied into the caller's own buffer: nothing is
 * allocated per frame. The handle itself is opened, filtered and closed through pcap4j.
 */
final class LibpcapReceive {

    /** Offset of {@code caplen} in {@code struct pcap_pkthdr}, after a 64-bit {@code struct timeval}. */
    static final int CAPLEN_OFFSET = Native.LONG_SIZE * 2;

    private static final Field HANDLE_FIELD = handleField();

    static {
        // the very library pcap4j loads (its NativeMappings registers against "pcap" the same way)
        Native.register(LibpcapReceive.class, NativeLibrary.getInstance("pcap"));
    }

    private LibpcapReceive() {
    }

    /**
     * {@code int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **h, const u_char **data)}: 1 with a
     * frame, 0 on timeout, -1 on error, -2 after {@code pcap_breakloop}.
     */
    static native int pcap_next_ex(Pointer pcap, long[] header, long[] data);

    /** The {@code pcap_t} behind a pcap4j handle (pcap4j keeps it private). */
    static Pointer pcapT(PcapHandle h) {
        try {
            return (Pointer) HANDLE_FIELD.get(h);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach pcap4j's pcap_t: " + e.getMessage(), e);
        }
    }

    private static Field handleField() {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this pcap4j has no PcapHandle.handle field: " + e, e);
        }
    }
}
