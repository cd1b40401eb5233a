package org.rookery.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.cluster.internal.ClusterManagerTest.node;
import static org.rookery.cluster.internal.ClusterManagerTest.service;
import static org.rookery.cluster.internal.TestCluster.tcp;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;

class DispatcherTest {

    static final String VIP = "192.0.2.10";
    TestCluster t;
    long now = 1_000_000_000L;

    @BeforeEach
    void setUp() {
        t = new TestCluster();
        t.cluster.addPool("web", "rr", Map.of());
        for (int i = 1; i <= 3; i++) {
            t.cluster.addNode(node("web", "n" + i, "10.0.0." + i));
        }
        t.cluster.addService(service("web", VIP, "80", "web"));
    }

    int decide(FlowKey k) {
        return t.dispatcher.decide(k, now);
    }

    String nodeName(int id) {
        return t.dispatcher.node(id).name();
    }

    @Test
    void newFlowsSpreadAndATrackedFlowKeepsItsNode() {
        Map<String, Integer> spread = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            int id = decide(tcp("203.0.113.1", 10000 + i, VIP, 80));
            spread.merge(nodeName(id), 1, Integer::sum);
        }
        assertEquals(Map.of("n1", 100, "n2", 100, "n3", 100), spread, "the round-robin fallback spreads evenly");
        int first = decide(tcp("203.0.113.1", 10000, VIP, 80));
        for (int i = 0; i < 10; i++) {
            assertEquals(first, decide(tcp("203.0.113.1", 10000, VIP, 80).tcpFlags(FlowKey.ACK)));
        }
        assertEquals(300, t.conntrack.size());
        assertEquals(300L, t.cluster.stats().get("pool:web").get("new-flows"));
        assertEquals(300L, t.cluster.stats().get("service:web").get("new-flows"));
    }

    @Test
    void aDrainingNodeKeepsItsFlowsAndGetsNoNewOnes() {
        Map<FlowKey, Integer> placed = new HashMap<>();
        for (int i = 0; i < 30; i++) {
            FlowKey k = tcp("203.0.113.2", 20000 + i, VIP, 80);
            placed.put(k.copy(), decide(k));
        }
        t.cluster.setNodeState("web", "n2", NodeState.DRAINING);
        placed.forEach((k, id) -> assertEquals(id, decide(k.copy().tcpFlags(FlowKey.ACK)), "tracked flow moved"));
        for (int i = 0; i < 60; i++) {
            assertNotEquals("n2", nodeName(decide(tcp("203.0.113.3", 30000 + i, VIP, 80))));
        }
    }

    @Test
    void flowsOfADownNodeAreDroppedOrRescheduledPerSetting() {
        FlowKey k = tcp("203.0.113.4", 40000, VIP, 80);
        int id = decide(k);
        String name = nodeName(id);
        t.cluster.setNodeState("web", name, NodeState.DOWN);
        assertEquals(Dispatcher.DROP, decide(k.copy().tcpFlags(FlowKey.ACK)), "down.flows=drop");
        assertEquals(1L, t.cluster.counters().downDrops.sum());
        // the flow was forgotten, so its next packet is placed anew, never on the down node
        int again = decide(k.copy().tcpFlags(FlowKey.ACK));
        assertTrue(again >= 0);
        assertNotEquals(name, nodeName(again));

        TestCluster r = new TestCluster(1024, "reschedule");
        r.cluster.addPool("web", "rr", Map.of());
        r.cluster.addNode(node("web", "a", "10.0.0.1"));
        r.cluster.addNode(node("web", "b", "10.0.0.2"));
        r.cluster.addService(service("web", VIP, "80", "web"));
        int first = r.dispatcher.decide(k, now);
        r.cluster.setNodeState("web", r.dispatcher.node(first).name(), NodeState.DOWN);
        int moved = r.dispatcher.decide(k.copy().tcpFlags(FlowKey.ACK), now);
        assertTrue(moved >= 0 && moved != first, "down.flows=reschedule places the flow on another node");
    }

    @Test
    void aPrivatePortGoesToItsNodeWithoutAnyPolicy() {
        t.cluster.setPortSpace(new PortSpace(10000, 1000));
        Map<String, Integer> index = new HashMap<>();
        t.cluster.nodes("web").forEach(n -> index.put(n.node().name(), n.node().index()));
        for (String n : index.keySet()) {
            int port = 10000 + index.get(n) * 1000 + 123;
            for (int i = 0; i < 5; i++) {
                assertEquals(n, nodeName(decide(tcp("198.51.100.9", 443, VIP, port).tcpFlags(FlowKey.ACK | FlowKey.SYN))));
            }
        }
        // a draining node still gets the replies of its own connections
        t.cluster.setNodeState("web", "n1", NodeState.DRAINING);
        assertEquals("n1", nodeName(decide(tcp("198.51.100.9", 443, VIP, 10000 + index.get("n1") * 1000 + 7))));
        // a port outside every slice is not ours
        assertEquals(Dispatcher.LOCAL, decide(tcp("198.51.100.9", 443, VIP, 64000)));
    }

    @Test
    void rulesComeBeforeServicesAndTheDefaultIsLocal() {
        t.cluster.addPool("vip", "rr", Map.of());
        t.cluster.addNode(node("vip", "v1", "10.0.1.1"));
        t.cluster.addRule(0, new Rule(0, 0, Cidr.parse("198.51.100.0/24"), null, null, null, Verdict.DROP));
        t.cluster.addRule(0, new Rule(0, 6, Cidr.parse("203.0.113.128/25"), null, null, null, Verdict.pool("vip")));
        assertEquals(Dispatcher.DROP, decide(tcp("198.51.100.1", 1, VIP, 80)));
        assertEquals("v1", nodeName(decide(tcp("203.0.113.200", 1, VIP, 80))));
        assertTrue(nodeName(decide(tcp("203.0.113.5", 1, VIP, 80))).startsWith("n"));
        assertEquals(Dispatcher.LOCAL, decide(tcp("203.0.113.5", 1, "192.0.2.99", 80)), "not a service");
        assertEquals(1L, t.cluster.counters().ruleDrops.sum());
    }

    @Test
    void aPoolWithNoUsableNodeSaysSoAndCountsIt() {
        for (int i = 1; i <= 3; i++) {
            t.cluster.setNodeWeight("web", "n" + i, 0);
        }
        assertEquals(Dispatcher.NO_NODE, decide(tcp("203.0.113.6", 1, VIP, 80)));
        assertEquals(1L, t.cluster.stats().get("pool:web").get("no-node"));
        assertEquals(0, t.conntrack.size());
    }

    @Test
    void deletingANodeForgetsItsFlows() {
        Set<Integer> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            ids.add(decide(tcp("203.0.113.7", 50000 + i, VIP, 80)));
        }
        assertEquals(3, ids.size());
        t.cluster.removeNode("web", "n3");
        assertEquals(20, t.conntrack.size());
    }

    @Test
    void anIcmpErrorReachesTheNodeOfTheFlowItQuotes() {
        FlowKey k = tcp("203.0.113.8", 33000, VIP, 80);
        int id = decide(k);
        // the parser keys an ICMP error by the quoted flow, turned round to the tracked direction
        FlowKey quoted = tcp(VIP, 80, "203.0.113.8", 33000).reverse().icmpError(true).tcpFlags(0);
        assertEquals(id, decide(quoted));
    }

    @Test
    void decisionsAllocateNothingInSteadyState() {
        FlowKey tracked = tcp("203.0.113.9", 1, VIP, 80);
        decide(tracked);
        FlowKey k = new FlowKey();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100_000; i++) {
                decide(tracked.tcpFlags(FlowKey.ACK));
                // new flows, then forgotten, so the table does not grow
                k.setV4(6, 0xCB007100 + (i & 0xFF), 0xC000020A, 1024 + (i >>> 8), 80).tcpFlags(FlowKey.SYN);
                decide(k);
                t.dispatcher.closed(k);
            }
            long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 1) {
                assertTrue(allocated < 16_384, "allocated " + allocated + " bytes over 200k decisions");
            }
        }
    }
}
