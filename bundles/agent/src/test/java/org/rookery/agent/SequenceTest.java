package org.rookery.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Sequence numbers keep rising for the front-end whatever sends them for a node. */
class SequenceTest {

    @Test
    void aSenderStartedLaterDoesNotLeaveAnEarlierOneBehind() {
        AtomicLong clock = new AtomicLong(1_000_000);
        Sequence agent = new Sequence(clock::get);
        long a1 = agent.next();
        clock.addAndGet(5_000_000); // an autobind show, five seconds after the agent started
        long show = new Sequence(clock::get).next();
        clock.addAndGet(1000);
        long a2 = agent.next();
        assertTrue(show > a1 && a2 > show, a1 + " " + show + " " + a2);
    }

    @Test
    void aClockThatDoesNotMoveStillGivesRisingNumbers() {
        Sequence s = new Sequence(() -> 42);
        assertEquals(42, s.next());
        assertEquals(43, s.next());
        assertEquals(44, s.next());
    }

    @Test
    void theRealClockIsInMicroseconds() {
        long micros = Sequence.clockMicros();
        long millis = System.currentTimeMillis();
        assertTrue(Math.abs(micros / 1000 - millis) < 60_000, micros + " vs " + millis);
    }
}
