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
 * into a memory stream ({@link ReceiveBatch}); libc's {@code fmemopen} family for that stream; and
 * libc's {@code poll}. The handle itself is opened, filtered and closed through pcap4j. Waiting is
 * libc's {@code poll} on the handle's descriptor: with immediate mode libpcap's own read timeout does
 * not end a blocking read here (libpcap 1.10), so the handle is non-blocking.
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

        static native long fmemopen(long buf, long size, String mode);

        static native int setvbuf(long stream, long buf, int mode, long size);

        static native void rewind(long stream);

        static native int fclose(long stream);
    }

    /** libc's {@code FILE *fmemopen(void *buf, size_t size, const char *mode)} over native memory: the stream, or 0. */
    static long fmemopen(long buf, long size, String mode) {
        return Libc.fmemopen(buf, size, mode);
    }

    /** libc's {@code setvbuf(stream, NULL, _IONBF, 0)}: writes reach the memory at once; 0 when done. */
    static int unbuffered(long stream) {
        return Libc.setvbuf(stream, 0, 2 /* _IONBF */, 0);
    }

    /** libc's {@code rewind}: back to the start, error flag cleared. */
    static void rewind(long stream) {
        Libc.rewind(stream);
    }

    /** libc's {@code fclose}. */
    static int fclose(long stream) {
        return Libc.fclose(stream);
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
