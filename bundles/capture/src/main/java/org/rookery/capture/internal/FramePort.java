package org.rookery.capture.internal;

/**
 * Where a capture worker reads frames from and sends frames to: a libpcap handle on an interface
 * live, a scripted queue in tests. One per worker thread; not thread-safe.
 */
interface FramePort extends AutoCloseable {

    /** From {@link #receive}: nothing arrived within the read timeout. */
    int TIMEOUT = 0;
    /** From {@link #receive}: the port is closed or broken; the worker stops or reopens. */
    int CLOSED = -1;

    /**
     * Copies the next frame into {@code buf} from index 0 and returns its captured length, or
     * {@link #TIMEOUT} or {@link #CLOSED}. A frame longer than {@code buf} is cut to its length;
     * {@link #wireLength()} then tells the frame's real length.
     */
    int receive(byte[] buf);

    /** The length the last frame had on the wire. */
    int wireLength();

    /** Sends {@code buf[0, len)} as one frame; false when the interface refused it. */
    boolean send(byte[] buf, int len);

    /** Replaces the capture filter (tcpdump syntax); called by the port's own worker between frames. */
    void filter(String expression);

    /** Closes the port. */
    @Override
    void close();
}
