package org.rookery.capture.internal;

import java.lang.reflect.Field;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.pcap4j.core.PcapHandle;

/**
 * libpcap's {@code pcap_next_ex} bound by JNA direct mapping, the one call on the receive path that
 * pcap4j only offers with per-frame objects ({@code getNextRawPacket} copies each frame into a new
 * array and wraps the pointers in new objects). Here every argument is a plain address (the
 * {@code pcap_t}, and two native slots the caller keeps for the header and data pointers), so the
 * call converts and allocates nothing, and the caller reads the frame through direct buffer views. The handle itself is opened, filtered and closed through pcap4j. Waiting is
 * libc's {@code poll} on the handle's descriptor: with immediate mode libpcap's own read timeout does
 * not end a blocking {@code pcap_next_ex} here (libpcap 1.10), so the handle is non-blocking.
 */
final class LibpcapReceive {

    /** Offset of {@code caplen} in {@code struct pcap_pkthdr}, after a 64-bit {@code struct timeval}. */
    static final int CAPLEN_OFFSET = Native.LONG_SIZE * 2;

    private static final Field HANDLE_FIELD = handleField();

    static {
        // the very library pcap4j loads (its NativeMappings registers against "pcap" the same way)
        Native.register(LibpcapReceive.class, NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
    }

    private LibpcapReceive() {
    }

    /**
     * {@code int pcap_next_ex(pcap_t *p, struct pcap_pkthdr **h, const u_char **data)}: 1 with a
     * frame, 0 on timeout, -1 on error, -2 after {@code pcap_breakloop}.
     */
    static native int pcap_next_ex(long pcap, long headerSlot, long dataSlot);

    /** {@code int pcap_get_selectable_fd(pcap_t *p)}: the descriptor to poll, or -1. */
    static native int pcap_get_selectable_fd(long pcap);

    /**
     * libc's {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)} over one descriptor: the
     * {@code struct pollfd} at {@code pollfd} is two ints, the descriptor, then events and revents as two shorts.
     */
    static int poll(long pollfd, int timeoutMillis) {
        return Libc.poll(pollfd, 1, timeoutMillis);
    }

    /** libc, bound apart: direct mapping binds one library per class. */
    private static final class Libc {
        static {
            Native.register(Libc.class, NativeLibrary.getInstance(com.sun.jna.Platform.C_LIBRARY_NAME));
        }

        static native int poll(long fds, long nfds, int timeout);
    }

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
