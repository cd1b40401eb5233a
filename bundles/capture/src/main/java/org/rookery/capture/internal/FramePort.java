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
     * Told what became of each frame given to {@link #send}, with the caller's tag: at once by a port
     * that sends each frame as it comes, when the batch goes out by one that batches.
     */
    interface Outcomes {
        /** The interface took the frame sent with {@code tag}, {@code len} bytes long. */
        void sent(int tag, int len);

        /** The interface refused the frame sent with {@code tag} (too long, device queue full, port closed). */
        void refused(int tag, int len);
    }

    /** Told of each frame of a batch as the port fetches it, before any of them is received. */
    interface Ahead {
        /**
         * A frame just fetched: its first {@code len} bytes (as captured) from {@code offset} in
         * {@code frames}, a big-endian view valid during the call only. Must not throw.
         */
        void ahead(java.nio.ByteBuffer frames, int offset, int len);

        /** Every frame of the batch has been shown. Must not throw. */
        void shown();
    }

    /**
     * Sets who is told of each fetched batch of two frames or more, ahead of receiving them (null: no
     * one); a port that does not fetch in batches tells no one. Why: the worker warms the connection
     * table for the whole batch first, so the batch's memory fetches overlap.
     */
    default void ahead(Ahead ahead) {
    }

    /**
     * Copies the next frame into {@code buf} from index 0 and returns its captured length, or
     * {@link #TIMEOUT} or {@link #CLOSED}. A frame longer than {@code buf} is cut to its length;
     * {@link #wireLength()} then tells the frame's real length.
     */
    int receive(byte[] buf);

    /** The length the last frame had on the wire. */
    int wireLength();

    /**
     * Sends {@code buf[0, len)} as one frame, now or with the port's next batch (the bytes are copied:
     * the caller may reuse {@code buf} at once); the outcome goes to {@code outcomes} with {@code tag}.
     * A batching port sends its batch when it is full, before {@link #receive} fetches the next frames
     * (so before it waits for any), on {@link #flush}, {@link #filter} and {@link #close}: a frame waits
     * for no more than the rest of the frames fetched with the one that made it.
     */
    void send(byte[] buf, int len, int tag, Outcomes outcomes);

    /** Sends whatever is queued now (a port that does not batch has nothing to do). */
    void flush();

    /** Replaces the capture filter (tcpdump syntax); called by the port's own worker between frames. */
    void filter(String expression);

    /** Sends what is queued, then closes the port. */
    @Override
    void close();
}
