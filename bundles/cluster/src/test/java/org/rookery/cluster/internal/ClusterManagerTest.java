package org.rookery.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

class ClusterManagerTest {

    TestCluster t;
    ClusterManager c;

    @BeforeEach
    void setUp() {
        t = new TestCluster();
        c = t.cluster;
        c.addPool("web", "maglev", Map.of());
    }

    static Node node(String pool, String name, String addr) {
        return new Node(pool, name, IpAddress.parse(addr), 0, null, 1, NodeState.UP, -1);
    }

    static VirtualService service(String name, String vip, String port, String pool) {
        return new VirtualService(name, IpAddress.parse(vip), Protocol.TCP, PortRange.parse(port), pool, ForwardingMethod.DR, null);
    }

    @Test
    void aServiceNamingAMissingPoolIsRefusedAndNothingChanges() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.addService(service("api", "192.0.2.10", "443", "nosuch")));
        assertTrue(e.getMessage().contains("pool nosuch, which does not exist"), e.getMessage());
        assertTrue(c.services().isEmpty());
    }

    @Test
    void overlappingServicesAreRefused() {
        c.addService(service("a", "192.0.2.10", "80-90", "web"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.addService(service("b", "192.0.2.10", "85", "web")));
        assertTrue(e.getMessage().contains("both take"), e.getMessage());
        c.addService(service("c", "192.0.2.11", "85", "web")); // another VIP is fine
        assertEquals(List.of("a", "c"), c.services().stream().map(VirtualService::name).toList());
    }

    @Test
    void aPoolInUseCannotBeDeleted() {
        c.addNode(node("web", "n1", "10.0.0.1"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.removePool("web"));
        assertTrue(e.getMessage().contains("node web/n1"), e.getMessage());
        c.removeNode("web", "n1");
        c.removePool("web");
        assertTrue(c.pools().isEmpty());
    }

    @Test
    void nodesGetTheLowestFreePortSpaceIndex() {
        c.addNode(node("web", "a", "10.0.0.1"));
        c.addNode(node("web", "b", "10.0.0.2"));
        c.addNode(node("web", "c", "10.0.0.3"));
        c.removeNode("web", "b");
        c.addNode(node("web", "d", "10.0.0.4"));
        Map<String, Integer> idx = new java.util.TreeMap<>();
        c.nodes("web").forEach(n -> idx.put(n.node().name(), n.node().index()));
        assertEquals(Map.of("a", 0, "c", 2, "d", 1), idx);
    }

    @Test
    void aPortSliceOverlappingAServicePortIsRefused() {
        c.addService(service("web", "192.0.2.10", "8080", "web"));
        c.addNode(node("web", "a", "10.0.0.1")); // index 0
        c.addNode(node("web", "b", "10.0.0.2")); // index 1
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> c.setPortSpace(new PortSpace(4096, 4096))); // slice 1 = 8192-12287, slice 0 = 4096-8191
        assertTrue(e.getMessage().contains("overlaps service web"), e.getMessage());
        assertTrue(c.portSpace().disabled());
        c.setPortSpace(new PortSpace(10000, 1000));
        assertEquals(new PortSpace(10000, 1000), c.portSpace());
    }

    @Test
    void rulesAreInsertedAtPositionsAndDeletedById() {
        Rule any = new Rule(0, 0, null, null, null, null, Verdict.LOCAL);
        Rule a = c.addRule(0, any);
        Rule b = c.addRule(0, new Rule(0, 6, null, null, null, null, Verdict.DROP));
        Rule first = c.addRule(1, new Rule(0, 0, Cidr.parse("10.0.0.0/8"), null, null, null, Verdict.pool("web")));
        assertEquals(List.of(first.id(), a.id(), b.id()), c.rules().stream().map(Rule::id).toList());
        c.removeRule(a.id());
        assertEquals(List.of(first.id(), b.id()), c.rules().stream().map(Rule::id).toList());
        assertThrows(IllegalArgumentException.class, () -> c.removeRule(999));
        assertThrows(IllegalArgumentException.class, () -> c.addRule(0, new Rule(0, 0, null, null, null, null, Verdict.pool("nope"))));
        assertEquals(2, c.rules().size());
    }

    @Test
    void aPoolRunsOnTheFallbackUntilItsPolicyAppearsAndAfterItGoes() {
        PoolStatus p = c.pools().get(0);
        assertTrue(p.fallback());
        assertEquals("rr", p.policyInUse());
        DistributionPolicy maglev = new DistributionPolicy() {
            @Override
            public String name() {
                return "maglev";
            }

            @Override
            public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
                return key -> members.size() > 0 ? 0 : PoolSelector.NO_NODE;
            }
        };
        c.addPolicy(maglev, 42);
        assertFalse(c.pools().get(0).fallback());
        assertEquals("maglev", c.pools().get(0).policyInUse());
        c.removePolicy(42);
        assertTrue(c.pools().get(0).fallback());
    }

    @Test
    void wrongInputIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> c.addPool("web", null, Map.of()), "duplicate");
        assertThrows(IllegalArgumentException.class, () -> c.addNode(node("nosuch", "n", "10.0.0.1")));
        assertThrows(IllegalArgumentException.class, () -> c.setNodeWeight("web", "ghost", 5));
        assertThrows(IllegalArgumentException.class, () -> c.removeService("ghost"));
        c.addNode(node("web", "n", "10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> c.addNode(node("web", "n", "10.0.0.9")), "duplicate node");
        assertEquals("10.0.0.1", c.nodes("web").get(0).node().address().toString());
    }
}
