package org.rookery.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.model.NodeState;

/** Health results and load reports as the agent side hands them to the cluster. */
class NodeHealthAndLoadTest {

    TestCluster t;
    ClusterManager c;

    @BeforeEach
    void setUp() {
        t = new TestCluster();
        c = t.cluster;
        c.addPool("web", "rr", Map.of());
        c.addNode(ClusterManagerTest.node("web", "n1", "10.0.0.1"));
        c.addNode(ClusterManagerTest.node("web", "n2", "10.0.0.2"));
    }

    NodeStatus status(String name) {
        return c.nodes("web").stream().filter(n -> n.node().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aFailedNodeIsDownUntilHealthyAndItsOperatorStateIsNotTouched() {
        c.setNodeHealth("web", "n1", false, "connect refused");
        assertEquals(NodeState.DOWN, status("n1").state());
        assertEquals(NodeState.UP, status("n1").node().state(), "the stored operator state stays up");
        assertEquals(1, c.pools().get(0).usableNodes());
        c.setNodeHealth("web", "n1", true, "ok");
        assertEquals(NodeState.UP, status("n1").state());
        assertEquals(2, c.pools().get(0).usableNodes());
    }

    @Test
    void healthNeverOverridesAnOperatorState() {
        c.setNodeState("web", "n1", NodeState.DRAINING);
        c.setNodeHealth("web", "n1", false, "timeout");
        assertEquals(NodeState.DRAINING, status("n1").state());
        c.setNodeHealth("web", "n1", true, "ok");
        assertEquals(NodeState.DRAINING, status("n1").state(), "a recovered node the operator drains stays draining");
        c.setNodeState("web", "n2", NodeState.DISABLED);
        c.setNodeHealth("web", "n2", true, "ok");
        assertEquals(NodeState.DISABLED, status("n2").state());
    }

    @Test
    void aFailedNodeStaysDownAcrossConfigurationChangesAndOperatorUp() {
        c.setNodeHealth("web", "n1", false, "timeout");
        c.setNodeWeight("web", "n1", 7);
        c.setNodeState("web", "n1", NodeState.UP);
        assertEquals(NodeState.DOWN, status("n1").state());
    }

    @Test
    void aDeletedNodeForgetsItsHealth() {
        c.setNodeHealth("web", "n1", false, "timeout");
        c.removeNode("web", "n1");
        c.addNode(ClusterManagerTest.node("web", "n1", "10.0.0.1"));
        assertEquals(NodeState.UP, status("n1").state());
    }

    @Test
    void unknownNodesAreIgnored() {
        c.setNodeHealth("web", "nosuch", false, "x");
        c.reportLoad("web", "nosuch", new NodeLoad(1, 1, 0, 0, -1, 0), Long.MAX_VALUE);
        assertEquals(2, c.nodes("web").size());
    }

    @Test
    void aReportCountsUntilItsDeadline() {
        long now = System.currentTimeMillis();
        c.reportLoad("web", "n1", new NodeLoad(0.5, 0.25, 3, 0.1, -1, now), now + 60_000);
        assertNotNull(status("n1").load());
        assertEquals(0.5, t.cluster.state().pools.get("web").view.load(0), 1e-9);
        c.reportLoad("web", "n1", new NodeLoad(0.5, 0.25, 3, 0.1, -1, now), now - 1);
        assertNull(status("n1").load(), "past its deadline a load is unknown");
        assertTrue(Double.isNaN(t.cluster.state().pools.get("web").view.load(0)));
    }
}
