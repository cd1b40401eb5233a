package org.rookery.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Rise and fall counting. */
class NodeCheckStateTest {

    @Test
    void fallConsecutiveFailuresFailANodeAndRiseSuccessesBringItBack() {
        NodeCheckState s = new NodeCheckState();
        assertFalse(s.record(false, "refused", 2, 3, 1));
        assertFalse(s.record(false, "refused", 2, 3, 2));
        assertTrue(s.healthy());
        assertTrue(s.record(false, "refused", 2, 3, 3), "the third failure in a row flips it");
        assertFalse(s.healthy());
        assertFalse(s.record(true, "ok", 2, 3, 4));
        assertFalse(s.healthy());
        assertTrue(s.record(true, "ok", 2, 3, 5));
        assertTrue(s.healthy());
        assertEquals(2, s.snapshot("p", "n").transitions());
        assertEquals(5, s.snapshot("p", "n").checks());
        assertEquals(3, s.snapshot("p", "n").failed());
    }

    @Test
    void aSuccessInBetweenRestartsTheFailureCount() {
        NodeCheckState s = new NodeCheckState();
        s.record(false, "x", 2, 2, 1);
        s.record(true, "ok", 2, 2, 2);
        assertFalse(s.record(false, "x", 2, 2, 3));
        assertTrue(s.healthy());
        assertTrue(s.record(false, "x", 2, 2, 4));
        assertEquals("x", s.snapshot("p", "n").lastResult());
    }
}
