package org.rookery.policy.sh;

import org.rookery.policy.testkit.TestMembers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.PoolSelector;

class SourceHashPrefixTest {

    private final SourceHashPolicy policy = new SourceHashPolicy();

    @Test
    void prefix24KeepsASubnetOnOneNode() {
        TestMembers m = TestMembers.equal(16, 1);
        PoolSelector s24 = policy.newSelector(m, Map.of("sh.prefix", "24"));
        PoolSelector s32 = policy.newSelector(m, Map.of());
        SplittableRandom r = new SplittableRandom(22);
        FlowKey a = new FlowKey();
        FlowKey b = new FlowKey();
        int differAt32 = 0;
        for (int net = 0; net < 1000; net++) {
            int base = r.nextInt() & 0xFFFFFF00;
            a.setV4(6, base | 3, 0xC000020A, 40000, 80);
            b.setV4(6, base | 200, 0xC000020A, 51000, 80);
            assertEquals(s24.select(a), s24.select(b), "two clients of one /24");
            if (s32.select(a) != s32.select(b)) {
                differAt32++;
            }
        }
        // without the prefix, two hosts meet on one of 16 nodes 1 time in 16
        assertTrue(differAt32 > 800, "the prefix option must matter: " + differAt32);
    }

    @Test
    void prefix6KeepsAnIpv6SubnetOnOneNode() {
        PoolSelector s = policy.newSelector(TestMembers.equal(16, 1), Map.of("sh.prefix6", "64"));
        FlowKey a = new FlowKey();
        FlowKey b = new FlowKey();
        SplittableRandom r = new SplittableRandom(23);
        for (int net = 0; net < 1000; net++) {
            long hi = r.nextLong();
            a.setV6(6, hi, r.nextLong(), 0x20010DB8L << 32, 1, 40000, 443);
            b.setV6(6, hi, r.nextLong(), 0x20010DB8L << 32, 1, 40001, 443);
            assertEquals(s.select(a), s.select(b));
        }
    }

    @Test
    void rejectsBadPrefixes() {
        TestMembers m = TestMembers.equal(2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> policy.newSelector(m, Map.of("sh.prefix", "33")));
        assertTrue(e.getMessage().contains("sh.prefix") && e.getMessage().contains("0 to 32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("sh.prefix", "x")));
        assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("sh.prefix6", "-1")));
        assertThrows(IllegalArgumentException.class, () -> policy.newSelector(m, Map.of("sh.prefix6", "129")));
    }
}
