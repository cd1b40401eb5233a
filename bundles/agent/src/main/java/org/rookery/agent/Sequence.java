package org.rookery.agent;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The sequence numbers of a node's messages: the clock in microseconds at each message, and never less than one
 * above the previous. The front-end accepts a message only when its sequence is above the last it accepted from
 * that node; a counter starting at the clock would fall behind another sender for the same node started later
 * (a restarted agent, an {@code autobind show}), a clock reading at each message does not.
 */
public final class Sequence {

    private final AtomicLong last = new AtomicLong();
    private final LongSupplier micros;

    /** A sequence over a clock in microseconds ({@link #clockMicros} on a node). */
    public Sequence(LongSupplier micros) {
        this.micros = micros;
    }

    /** The next sequence number: the clock now, or one above the last when the clock has not moved on. */
    public long next() {
        long now = micros.getAsLong();
        return last.updateAndGet(prev -> Math.max(prev + 1, now));
    }

    /** The wall clock in microseconds since the epoch. */
    public static long clockMicros() {
        Instant n = Instant.now();
        return n.getEpochSecond() * 1_000_000L + n.getNano() / 1000;
    }
}
