package org.rookery.capture.internal;

import java.lang.reflect.Field;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

import org.pcap4j.core.PcapHandle;

/**
 * libpcap's receiving calls bound by JNA direct mapping with plain addresses as arguments, so that a
 * call converts and allocates nothing: {@code pcap_dispatch}, which pcap4j only offers with a Java
 * callback per frame, here with libpcap's own {@code pcap_dump} as the callback writing the frames
 * into a memory stream ({@link ReceiveBatch}, over {@link Libc}'s {@code fmemopen}). The handle itself
 * is opened, filtered and closed through pcap4j. Waiting is libc's {@code poll} on the handle's
 * descriptor: with immediate mode libpcap's own read timeout does not end a blocking read here
 * (libpcap 1.10), so the handle is non-blocking.
 */
final class LibpcapReceive {

    private static final Field HANDLE_FIELD = handleField();

    static {
        // the very library pcap4j loads (its NativeMappings registers against "pcap" the same way)
        Native.register(LibpcapReceive.class, NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap")));
    }

    private LibpcapReceive() {
    }

    /**
     * {@code int pcap_dispatch(pcap_t *p, int cnt, pcap_handler callback, u_char *user)}: the number of
     * frames handed to the callback (0 when none was ready), -1 on error, -2 after {@code pcap_breakloop}.
     */
    static native int pcap_dispatch(long pcap, int cnt, long callback, long user);

    /** The address of libpcap's {@code pcap_dump(u_char *user, const struct pcap_pkthdr *h, const u_char *sp)}. */
    static long pcapDump() {
        return Pointer.nativeValue(NativeLibrary.getInstance(System.getProperty("org.pcap4j.core.pcapLibName", "pcap"))
                .getFunction("pcap_dump"));
    }

    /** {@code int pcap_get_selectable_fd(pcap_t *p)}: the descriptor to poll, or -1. */
    static native int pcap_get_selectable_fd(long pcap);

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
