package org.rookery.capture.internal;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * The libc calls of the capture datapath, bound once by JNA direct mapping: primitive arguments and
 * plain addresses only, so a call converts and allocates nothing. Receiving uses {@code poll} and the
 * {@code fmemopen} family ({@link ReceiveBatch}), sending {@code sendmmsg} and {@code setsockopt}
 * ({@link SendBatch}).
 */
final class Libc {

    static {
        Native.register(Libc.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private Libc() {
    }

    /** {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}. */
    static native int poll(long fds, long nfds, int timeout);

    /** {@code FILE *fmemopen(void *buf, size_t size, const char *mode)} over native memory: the stream, or 0. */
    static native long fmemopen(long buf, long size, String mode);

    /** {@code int setvbuf(FILE *stream, char *buf, int mode, size_t size)}. */
    static native int setvbuf(long stream, long buf, int mode, long size);

    /** {@code void rewind(FILE *stream)}: back to the start, error flag cleared. */
    static native void rewind(long stream);

    /** {@code int fclose(FILE *stream)}. */
    static native int fclose(long stream);

    /** {@code int sendmmsg(int sockfd, struct mmsghdr *msgvec, unsigned int vlen, int flags)}. */
    static native int sendmmsg(int fd, long msgvec, int vlen, int flags);

    /** {@code int setsockopt(int sockfd, int level, int optname, const void *optval, socklen_t optlen)}. */
    static native int setsockopt(int fd, int level, int name, int[] value, int length);

    /** {@code setvbuf(stream, NULL, _IONBF, 0)}: writes reach the memory at once; 0 when done. */
    static int unbuffered(long stream) {
        return setvbuf(stream, 0, 2 /* _IONBF */, 0);
    }
}
