package org.rookery.capture.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Frames to send on one packet socket, gathered and sent with one libc {@code sendmmsg} call:
 * each frame is copied into a native buffer allocated once (frames packed one after another) and
 * described by a preallocated {@code struct mmsghdr} and {@code struct iovec}, so a frame costs a
 * memory copy and a few stores, and a batch one system call instead of one per frame (pcap4j's
 * {@code sendPacket} is a {@code send()} per frame behind a lock and a JNA array copy).
 * The socket is libpcap's, bound to its interface, so a message without an address goes out there
 * (libpcap's own {@code pcap_sendpacket} is a plain {@code send()} on it). The kernel tells, per
 * call, how many messages it took; the first one it did not take is refused (an oversize frame, a
 * full device queue), told to {@link FramePort.Outcomes#refused}, and the rest are sent on.
 * Nothing is allocated per frame or per batch. Not thread-safe: one per capture worker.
 */
final class SendBatch {

    /** {@code sizeof(struct mmsghdr)} on LP64 Linux: a 56-byte {@code struct msghdr}, {@code msg_len}, padding. */
    static final int MMSGHDR = 64;
    /** {@code sizeof(struct iovec)} on LP64. */
    static final int IOVEC = 16;
    private static final int MSG_IOV = 16;
    private static final int MSG_IOVLEN = 24;
    /** Frames start on cache lines: the copy in and the kernel's copy out stay aligned. */
    private static final int ALIGN = 64;

    private final int capacity;
    private final Memory frames;
    private final ByteBuffer frameView;
    private final long framesAddress;
    private final Memory headers;
    private final ByteBuffer headerView;
    private final long headersAddress;
    private final int[] tags;
    private final FramePort.Outcomes[] receivers;
    private final int[] lengths;
    private int count;
    private int used;

    /**
     * Room for {@code capacity} frames of up to {@code maxFrame} bytes each; the buffer holds at least
     * one longest frame, and most batches of ordinary frames without a flush for room.
     */
    SendBatch(int capacity, int maxFrame) {
        if (!Platform.isLinux() || Native.POINTER_SIZE != 8) {
            throw new IllegalArgumentException("batched sending needs 64-bit Linux (struct mmsghdr layout); this is "
                    + System.getProperty("os.name") + " with " + Native.POINTER_SIZE * 8 + "-bit pointers");
        }
        if (capacity < 1 || maxFrame < 1) {
            throw new IllegalArgumentException("send batch of " + capacity + " frames of " + maxFrame + " bytes");
        }
        this.capacity = capacity;
        long bytes = Math.max((long) capacity * 2048, align(maxFrame));
        this.frames = new Memory(bytes);
        this.frameView = frames.getByteBuffer(0, bytes);
        this.framesAddress = Pointer.nativeValue(frames);
        this.headers = new Memory((long) capacity * (MMSGHDR + IOVEC));
        headers.clear();
        this.headerView = headers.getByteBuffer(0, headers.size()).order(ByteOrder.nativeOrder());
        this.headersAddress = Pointer.nativeValue(headers);
        long iovs = headersAddress + (long) capacity * MMSGHDR;
        for (int i = 0; i < capacity; i++) { // message i: no address, no control data, one iovec: iov[i]
            headerView.putLong(i * MMSGHDR + MSG_IOV, iovs + (long) i * IOVEC);
            headerView.putLong(i * MMSGHDR + MSG_IOVLEN, 1);
        }
        this.tags = new int[capacity];
        this.receivers = new FramePort.Outcomes[capacity];
        this.lengths = new int[capacity];
    }

    private static long align(long n) {
        return (n + ALIGN - 1) & -ALIGN;
    }

    /** Most frames it holds. */
    int capacity() {
        return capacity;
    }

    /** Frames waiting. */
    int size() {
        return count;
    }

    /** Whether {@code len} more bytes fit without a flush. */
    boolean fits(int len) {
        return count < capacity && used + len <= frameView.capacity();
    }

    /** Whether a frame of {@code len} bytes can ever be queued (it fits an empty batch). */
    boolean canHold(int len) {
        return len <= frameView.capacity();
    }

    /** Queues {@code buf[0, len)}, which must {@link #fits}; its outcome goes to {@code outcomes} (may be null) with {@code tag}. */
    void add(byte[] buf, int len, int tag, FramePort.Outcomes outcomes) {
        int at = used;
        frameView.put(at, buf, 0, len);
        int iov = capacity * MMSGHDR + count * IOVEC;
        headerView.putLong(iov, framesAddress + at);
        headerView.putLong(iov + 8, len);
        tags[count] = tag;
        lengths[count] = len;
        receivers[count] = outcomes;
        count++;
        used = (int) align(at + len);
    }

    /**
     * Sends every queued frame on {@code fd} in order, telling each one's fate to the receiver it was
     * queued with (which must not send from there); empties the batch. Returns the number refused.
     */
    int flush(int fd) {
        int n = count;
        int done = 0;
        int refused = 0;
        while (done < n) {
            int r = Libc.sendmmsg(fd, headersAddress + (long) done * MMSGHDR, n - done, 0);
            if (r > 0) {
                for (int i = done; i < done + r; i++) {
                    tell(i, true);
                }
                done += r;
            } else { // the frame at done failed: sendmmsg reports an error for its first message only
                refused++;
                tell(done, false);
                done++;
            }
        }
        count = 0;
        used = 0;
        return refused;
    }

    private void tell(int i, boolean sent) {
        FramePort.Outcomes o = receivers[i];
        receivers[i] = null;
        if (o != null) {
            if (sent) {
                o.sent(tags[i], lengths[i]);
            } else {
                o.refused(tags[i], lengths[i]);
            }
        }
    }

    /** {@code setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, 1)}: sends skip the device's queueing discipline; false if refused. */
    static boolean bypassQdisc(int fd) {
        return Libc.setsockopt(fd, 263 /* SOL_PACKET */, 20 /* PACKET_QDISC_BYPASS */, new int[] {1}, 4) == 0;
    }
}
