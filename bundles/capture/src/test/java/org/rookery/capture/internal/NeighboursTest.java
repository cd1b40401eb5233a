package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Neighbour entries age as the kernel's: stale after 30 s unconfirmed (still used), forgotten after 60 s. */
class NeighboursTest {

    private static final long S = 1_000_000_000L;
    private static final int NODE = LiveFixture.v4("10.0.0.2");
    private static final long MAC_A = 0x02_aa_00_00_00_0aL;
    private static final long MAC_B = 0x02_aa_00_00_00_0bL;

    private final Neighbours n = new Neighbours(64);
    private final long t0 = 5_000 * S;

    @Test
    void anUnconfirmedEntryGoesStaleThenIsForgotten() {
        n.learn(NODE, MAC_A, t0);
        assertFalse(n.stale(NODE, t0 + 29 * S));
        assertTrue(n.stale(NODE, t0 + 30 * S), "unconfirmed for 30 s: ask again");
        assertEquals(MAC_A, n.lookup(NODE, t0 + 59 * S), "a stale entry is still used");
        assertEquals(Neighbours.UNKNOWN, n.lookup(NODE, t0 + 60 * S), "unconfirmed for 60 s: forgotten");
        n.learn(NODE, MAC_A, t0 + 61 * S);
        assertEquals(MAC_A, n.lookup(NODE, t0 + 61 * S), "known again once it answers");
        assertFalse(n.stale(NODE, t0 + 61 * S));
    }

    @Test
    void theSameMacAgainConfirmsTheEntry() {
        n.learn(NODE, MAC_A, t0);
        n.learn(NODE, MAC_A, t0 + 20 * S);
        assertFalse(n.stale(NODE, t0 + 49 * S), "confirmed at 20 s");
        assertTrue(n.stale(NODE, t0 + 50 * S));
        assertEquals(MAC_A, n.lookup(NODE, t0 + 79 * S));
        assertEquals(Neighbours.UNKNOWN, n.lookup(NODE, t0 + 80 * S));
    }

    @Test
    void aNewMacReplacesTheOldAndStartsFresh() {
        n.learn(NODE, MAC_A, t0);
        n.learn(NODE, MAC_B, t0 + 45 * S);
        assertEquals(MAC_B, n.lookup(NODE, t0 + 45 * S));
        assertFalse(n.stale(NODE, t0 + 45 * S));
        assertEquals(MAC_B, n.lookup(NODE, t0 + 100 * S));
    }

    @Test
    void anUnknownAddressIsNeitherStaleNorKnown() {
        assertFalse(n.stale(NODE, t0));
        assertEquals(Neighbours.UNKNOWN, n.lookup(NODE, t0));
    }
}
