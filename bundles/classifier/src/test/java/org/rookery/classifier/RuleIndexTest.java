package org.rookery.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;

/** The bit-vector index must give exactly the verdict of a first-match pass over the rules. */
class RuleIndexTest {

    private static final String[] IFACES = {null, "eth0", "eth1"};

    @Test
    void agreesWithTheScanOnRandomChainsAndKeys() {
        Random r = new Random(11);
        int keys = 0;
        int matched = 0;
        for (int chain = 0; chain < 60; chain++) {
            int size = 1 + r.nextInt(chain < 50 ? 90 : 300);
            List<Rule> rules = new ArrayList<>();
            List<long[]> seeds = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                rules.add(randomRule(r, i, seeds));
            }
            RuleClassifier c = new RuleClassifier(rules);
            FlowKey k = new FlowKey();
            for (int n = 0; n < 3000; n++) {
                randomKey(r, seeds, k);
                Verdict expected = c.scan(k);
                assertEquals(expected, c.classify(k), () -> "chain " + rules + " key " + k);
                keys++;
                matched += expected == null ? 0 : 1;
            }
        }
        assertEquals(60 * 3000, keys);
        // the keys are aimed near the rules: most must match one, or the comparison proves little
        assertTrue(matched > keys / 3, matched + " of " + keys + " keys matched a rule");
    }

    @Test
    void prefixAndPortEdgesAreInclusive() {
        Rule v4 = new Rule(1, 6, Cidr.parse("10.1.0.0/16"), null, PortRange.parse("80-90"), null, Verdict.DROP);
        Rule v6 = new Rule(2, 0, null, Cidr.parse("2001:db8::/63"), null, null, Verdict.LOCAL);
        Rule top = new Rule(3, 17, Cidr.parse("255.255.255.255/32"), null, PortRange.parse("65535"), null, Verdict.pool("p"));
        RuleClassifier c = new RuleClassifier(List.of(v4, v6, top));
        FlowKey k = new FlowKey();
        assertSame(Verdict.DROP, c.classify(k.set(6, IpAddress.parse("10.1.0.0"), 1, IpAddress.parse("192.0.2.1"), 80)));
        assertSame(Verdict.DROP, c.classify(k.set(6, IpAddress.parse("10.1.255.255"), 1, IpAddress.parse("192.0.2.1"), 90)));
        assertNull(c.classify(k.set(6, IpAddress.parse("10.2.0.0"), 1, IpAddress.parse("192.0.2.1"), 80)));
        assertNull(c.classify(k.set(6, IpAddress.parse("10.1.0.0"), 1, IpAddress.parse("192.0.2.1"), 91)));
        assertNull(c.classify(k.set(17, IpAddress.parse("10.1.0.0"), 1, IpAddress.parse("192.0.2.1"), 80)));
        // the /63 spans the boundary between the two 64-bit halves of an IPv6 address
        assertSame(Verdict.LOCAL, c.classify(k.set(58, IpAddress.parse("::1"), 0, IpAddress.parse("2001:db8:0:1:ffff:ffff:ffff:ffff"), 0)));
        assertNull(c.classify(k.set(58, IpAddress.parse("::1"), 0, IpAddress.parse("2001:db8:0:2::"), 0)));
        assertEquals(Verdict.pool("p"), c.classify(k.set(17, IpAddress.parse("255.255.255.255"), 1, IpAddress.parse("192.0.2.1"), 65535)));
    }

    @Test
    void aRuleForAnotherInterfaceIsPassedOverForTheNextMatch() {
        Rule onEth1 = new Rule(1, 0, null, null, null, "eth1", Verdict.DROP);
        Rule any = new Rule(2, 0, null, null, null, null, Verdict.LOCAL);
        RuleClassifier c = new RuleClassifier(List.of(onEth1, any));
        FlowKey k = new FlowKey().set(6, IpAddress.parse("10.0.0.1"), 1, IpAddress.parse("10.0.0.2"), 80);
        assertSame(Verdict.LOCAL, c.classify(k.ingress("eth0")));
        assertSame(Verdict.DROP, c.classify(k.ingress("eth1")));
    }

    @Test
    void chainsLongerThanTheIndexAreScanned() {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i <= RuleIndex.MAX_RULES; i++) {
            rules.add(new Rule(i, 6, Cidr.parse("10." + (i >> 8) + "." + (i & 255) + ".0/24"), null, null, null, Verdict.DROP));
        }
        rules.add(new Rule(9999, 0, null, null, null, null, Verdict.LOCAL));
        RuleClassifier c = new RuleClassifier(rules);
        FlowKey k = new FlowKey();
        assertSame(Verdict.DROP, c.classify(k.set(6, IpAddress.parse("10.16.0.9"), 1, IpAddress.parse("10.0.0.2"), 80)));
        assertSame(Verdict.LOCAL, c.classify(k.set(6, IpAddress.parse("10.17.0.9"), 1, IpAddress.parse("10.0.0.2"), 80)));
    }

    /** A rule over a small address and port space, so that random keys hit and miss it often. */
    private static Rule randomRule(Random r, int id, List<long[]> seeds) {
        int proto = new int[] {0, 6, 17, 1, 58}[r.nextInt(5)];
        Cidr src = r.nextInt(3) == 0 ? null : randomPrefix(r, seeds);
        Cidr dst = r.nextInt(3) == 0 ? null : randomPrefix(r, seeds);
        PortRange ports = null;
        if (r.nextBoolean()) {
            int a = r.nextInt(70);
            ports = new PortRange(a, Math.min(65535, a + r.nextInt(20)));
        } else if (r.nextInt(10) == 0) {
            ports = new PortRange(65535, 65535);
        }
        String iface = IFACES[r.nextInt(IFACES.length)];
        Verdict v = switch (r.nextInt(4)) {
            case 0 -> Verdict.DROP;
            case 1 -> Verdict.LOCAL;
            case 2 -> Verdict.pool("p" + id);
            default -> Verdict.node("p", "n" + id);
        };
        return new Rule(id, proto, src, dst, ports, iface, v);
    }

    private static Cidr randomPrefix(Random r, List<long[]> seeds) {
        if (r.nextBoolean()) {
            int a = 0x0A000000 | r.nextInt(256) << 8 | r.nextInt(4);
            if (r.nextInt(8) == 0) {
                a = r.nextBoolean() ? 0 : -1;
            }
            seeds.add(new long[] {4, 0, a & 0xFFFFFFFFL});
            return new Cidr(new IpAddress(IpAddress.V4, 0, a & 0xFFFFFFFFL), r.nextInt(33));
        }
        long hi = 0x20010db800000000L | r.nextInt(4);
        long lo = r.nextInt(4) == 0 ? -1L : r.nextInt(16);
        seeds.add(new long[] {6, hi, lo});
        return new Cidr(new IpAddress(IpAddress.V6, hi, lo), r.nextInt(129));
    }

    /** Keys near the rules' addresses and ports (and their edges), of both families. */
    private static void randomKey(Random r, List<long[]> seeds, FlowKey k) {
        boolean v4 = seeds.isEmpty() ? r.nextBoolean() : seeds.get(r.nextInt(seeds.size()))[0] == 4;
        long[] s = near(r, seeds, v4);
        long[] d = near(r, seeds, v4);
        int proto = new int[] {6, 17, 1, 58, 132}[r.nextInt(5)];
        int dport = r.nextInt(10) == 0 ? 65535 : r.nextInt(100);
        if (v4) {
            k.setV4(proto, (int) s[1], (int) d[1], r.nextInt(65536), dport);
        } else {
            k.setV6(proto, s[0], s[1], d[0], d[1], r.nextInt(65536), dport);
        }
        k.ingress(IFACES[r.nextInt(IFACES.length)]);
    }

    private static long[] near(Random r, List<long[]> seeds, boolean v4) {
        for (int tries = 0; tries < 8 && !seeds.isEmpty(); tries++) {
            long[] seed = seeds.get(r.nextInt(seeds.size()));
            if ((seed[0] == 4) == v4) {
                long delta = r.nextInt(5) - 2;
                long lo = seed[2] + (r.nextInt(3) == 0 ? delta : (r.nextInt(1 << 10) - 512));
                return v4 ? new long[] {0, lo & 0xFFFFFFFFL} : new long[] {seed[1], lo};
            }
        }
        return v4 ? new long[] {0, r.nextInt() & 0xFFFFFFFFL} : new long[] {0x20010db800000000L | r.nextInt(4), r.nextLong()};
    }
}
