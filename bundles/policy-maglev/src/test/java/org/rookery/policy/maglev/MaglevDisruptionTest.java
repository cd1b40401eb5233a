package org.rookery.policy.maglev;

import org.rookery.policy.testkit.TestMembers;
import org.rookery.policy.testkit.Flows;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class MaglevDisruptionTest {

    private final MaglevPolicy policy = new MaglevPolicy();
    private final FlowKey[] keys = Flows.random(100_000, 31);

    @Test
    void removingOneOfAHundredMovesLittleMoreThanItsOwnFlows() {
        PoolSelector before = policy.newSelector(TestMembers.equal(100, 1), Map.of());
        TestMembers without = TestMembers.equal(100, 1);
        without.usable[42] = false; // down: the rebuilt table leaves it out
        PoolSelector after = policy.newSelector(without, Map.of());
        int onRemoved = 0;
        int others = 0;
        int movedOthers = 0;
        for (FlowKey k : keys) {
            int was = before.select(k);
            int now = after.select(k);
            assertNotEquals(42, now);
            if (was == 42) {
                onRemoved++;
            } else {
                others++;
                if (now != was) {
                    movedOthers++;
                }
            }
        }
        double fraction = movedOthers / (double) others;
        System.out.printf("maglev, 100 members, M=65537, one removed: %d of %d flows were on it and all moved; "
                + "%d of %d others moved (%.3f%%)%n", onRemoved, keys.length, movedOthers, others, 100 * fraction);
        // Ideal: the removed member's flows (1% of all) move and no other. Maglev gives up a little of
        // that for even spread: a member that takes one of the freed slots spends a turn on it, so a
        // slot it used to take later goes to another member, and so on. Measured here (fixed seeds): 0.58% of the other flows. The
        // bound is 2%, over three times that, so another hash seed still passes, while a table that is
        // not consistent fails by far (hash mod N would move about 99% of them).
        assertTrue(fraction <= 0.02, "moved " + fraction);
        assertTrue(onRemoved > 800 && onRemoved < 1200, "the removed member held " + onRemoved);
    }
}
