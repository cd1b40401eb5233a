package org.rookery.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rookery.api.classify.Classifier;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

class ChainTest {

    static final IpAddress VIP = IpAddress.parse("192.0.2.10");
    static final VirtualService WEB = new VirtualService("web", VIP, Protocol.TCP, PortRange.parse("80"), "web",
            ForwardingMethod.DR, null);

    static FlowKey tcp(String src, int sport, String dst, int dport) {
        return new FlowKey().set(6, IpAddress.parse(src), sport, IpAddress.parse(dst), dport);
    }

    @Test
    void firstMatchingRuleWins() {
        Rule dropNet = new Rule(1, 6, Cidr.parse("198.51.100.0/24"), null, null, null, Verdict.DROP);
        Rule toPoolB = new Rule(2, 0, null, Cidr.parse(VIP.toString()), PortRange.parse("80-90"), null, Verdict.pool("b"));
        Rule toPoolC = new Rule(3, 0, null, null, null, null, Verdict.pool("c"));
        RuleClassifier rules = new RuleClassifier(List.of(dropNet, toPoolB, toPoolC));
        assertSame(Verdict.DROP, rules.classify(tcp("198.51.100.7", 1000, "192.0.2.10", 80)));
        assertEquals(Verdict.pool("b"), rules.classify(tcp("203.0.113.1", 1000, "192.0.2.10", 85)));
        assertEquals(Verdict.pool("c"), rules.classify(tcp("203.0.113.1", 1000, "192.0.2.10", 91)));
        // order matters: the catch-all first shadows the rest
        RuleClassifier reversed = new RuleClassifier(List.of(toPoolC, dropNet));
        assertEquals(Verdict.pool("c"), reversed.classify(tcp("198.51.100.7", 1000, "192.0.2.10", 80)));
    }

    @Test
    void ruleCriteriaEachRestrict() {
        Rule udpOnly = new Rule(1, 17, null, null, null, null, Verdict.DROP);
        Rule onEth1 = new Rule(2, 0, null, null, null, "eth1", Verdict.LOCAL);
        RuleClassifier rules = new RuleClassifier(List.of(udpOnly, onEth1));
        assertNull(rules.classify(tcp("203.0.113.1", 1, "192.0.2.10", 80)));
        FlowKey udp = new FlowKey().set(17, IpAddress.parse("203.0.113.1"), 1, VIP, 53);
        assertSame(Verdict.DROP, rules.classify(udp));
        assertSame(Verdict.LOCAL, rules.classify(tcp("203.0.113.1", 1, "192.0.2.10", 80).ingress("eth1")));
        assertNull(rules.classify(tcp("203.0.113.1", 1, "192.0.2.10", 80).ingress("eth0")));
    }

    @Test
    void ipv6RulesMatchPrefixes() {
        Rule r = new Rule(1, 0, Cidr.parse("2001:db8:1::/48"), null, null, null, Verdict.DROP);
        RuleClassifier rules = new RuleClassifier(List.of(r));
        FlowKey in = new FlowKey().set(6, IpAddress.parse("2001:db8:1:ffff::5"), 1, IpAddress.parse("2001:db8::10"), 80);
        FlowKey out = new FlowKey().set(6, IpAddress.parse("2001:db8:2::5"), 1, IpAddress.parse("2001:db8::10"), 80);
        FlowKey v4 = tcp("32.1.13.184", 1, "192.0.2.10", 80);
        assertSame(Verdict.DROP, rules.classify(in));
        assertNull(rules.classify(out));
        assertNull(rules.classify(v4), "an IPv6 prefix never matches IPv4");
    }

    @Test
    void servicesMatchVipProtocolAndPortRange() {
        VirtualService dns = new VirtualService("dns", VIP, Protocol.UDP, PortRange.parse("53"), "dns", ForwardingMethod.NAT, null);
        ServiceClassifier s = new ServiceClassifier(List.of(WEB, dns));
        assertEquals(Verdict.pool("web"), s.classify(tcp("203.0.113.1", 1, "192.0.2.10", 80)));
        assertNull(s.classify(tcp("203.0.113.1", 1, "192.0.2.10", 53)), "tcp to the udp service port");
        assertNull(s.classify(tcp("203.0.113.1", 1, "192.0.2.11", 80)), "another address");
        assertEquals(Verdict.pool("dns"), s.classify(new FlowKey().set(17, IpAddress.parse("203.0.113.1"), 9, VIP, 53)));
        assertSame(dns, s.serviceOf(new FlowKey().set(17, IpAddress.parse("203.0.113.1"), 9, VIP, 53)));
    }

    @Test
    void portSpaceSendsASlicesPortsToItsNodeOnVipsOnly() {
        PortSpace ps = new PortSpace(4096, 4096); // the original design: slices of 4096 ports
        PortSpaceClassifier c = new PortSpaceClassifier(ps, List.of(VIP),
                Map.of(0, Verdict.node("web", "n0"), 2, Verdict.node("web", "n2")));
        assertEquals(Verdict.node("web", "n0"), c.classify(tcp("203.0.113.1", 443, "192.0.2.10", 4096)));
        assertEquals(Verdict.node("web", "n0"), c.classify(tcp("203.0.113.1", 443, "192.0.2.10", 8191)));
        assertNull(c.classify(tcp("203.0.113.1", 443, "192.0.2.10", 8192)), "slice 1 has no node");
        assertEquals(Verdict.node("web", "n2"), c.classify(tcp("203.0.113.1", 443, "192.0.2.10", 12288)));
        assertNull(c.classify(tcp("203.0.113.1", 443, "192.0.2.10", 4095)), "below the base");
        assertNull(c.classify(tcp("203.0.113.1", 443, "192.0.2.99", 5000)), "not a VIP");
        assertNull(new PortSpaceClassifier(PortSpace.DISABLED, List.of(VIP), Map.of()).classify(
                tcp("203.0.113.1", 443, "192.0.2.10", 5000)));
    }

    @Test
    void chainFallsToItsDefaultAndSkipsAFailingLink() {
        Classifier broken = new Classifier() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Verdict classify(FlowKey key) {
                throw new IllegalStateException("bug in a contributed classifier");
            }
        };
        Chain chain = new Chain(List.of(broken, new ServiceClassifier(List.of(WEB))), Verdict.DROP);
        assertEquals(Verdict.pool("web"), chain.classify(tcp("203.0.113.1", 1, "192.0.2.10", 80)));
        assertSame(Verdict.DROP, chain.classify(tcp("203.0.113.1", 1, "192.0.2.10", 81)));
        assertEquals(List.of("broken", "services", "default:drop"), chain.names());
    }

    @Test
    void classificationAllocatesNothing() {
        List<Rule> many = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            many.add(new Rule(i + 1, 6, Cidr.parse("10." + i + ".0.0/16"), null, PortRange.parse("1-1024"), null, Verdict.DROP));
        }
        Chain chain = new Chain(List.of(new RuleClassifier(many), new ServiceClassifier(List.of(WEB))), Verdict.LOCAL);
        FlowKey k = tcp("203.0.113.1", 1, "192.0.2.10", 80);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 200_000; i++) {
            chain.classify(k);
        }
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        Verdict last = null;
        for (int i = 0; i < 200_000; i++) {
            last = chain.classify(k);
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(Verdict.pool("web"), last);
        org.junit.jupiter.api.Assertions.assertTrue(allocated < 4096, "allocated " + allocated + " bytes");
    }
}
