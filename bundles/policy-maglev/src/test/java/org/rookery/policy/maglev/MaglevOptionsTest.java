package org.rookery.policy.maglev;

import org.rookery.policy.testkit.TestMembers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MaglevOptionsTest {

    private final MaglevPolicy policy = new MaglevPolicy();

    @Test
    void rejectsBadOptions() {
        TestMembers m = TestMembers.equal(10, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> policy.newSelector(m, Map.of("maglev.table", "65536")));
        assertTrue(e.getMessage().contains("maglev.table") && e.getMessage().contains("prime"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("maglev.table", "7")));
        assertTrue(e.getMessage().contains("smaller than the pool's 10 members"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("maglev.table", "lots")));
        assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("maglev.table", "1")));
        assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("maglev.table", "16777259")));
        e = assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("maglev.hash", "dst")));
        assertTrue(e.getMessage().contains("5tuple or source"), e.getMessage());
        assertEquals(11, ((MaglevSelector) policy.newSelector(m, Map.of("maglev.table", "11"))).table().length);
        assertEquals(655373, ((MaglevSelector) policy.newSelector(m, Map.of("maglev.table", "655373"))).table().length);
    }

    @Test
    void primalityIsExact() {
        int[] primes = {2, 3, 5, 7, 11, 251, 65537, 655373, 16777213};
        int[] composites = {0, 1, 4, 9, 65535, 65536, 65539 * 3, 4093 * 4099};
        for (int p : primes) {
            assertTrue(MaglevOptions.isPrime(p), p + " is prime");
        }
        for (int c : composites) {
            assertFalse(MaglevOptions.isPrime(c), c + " is not prime");
        }
    }
}
