package org.rookery.commands.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.cluster.PoolStatus;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

class HealthTest {

    private static NodeStatus node(String name, NodeState state) {
        return new NodeStatus(new Node("web", name, IpAddress.parse("10.0.0.1"), 0, null, 1, state, -1), 0, state, 0, 0, null);
    }

    private static VirtualService service(String name, String pool) {
        return new VirtualService(name, IpAddress.parse("192.0.2.1"), Protocol.TCP, PortRange.parse("80"), pool,
                ForwardingMethod.PROXY, null);
    }

    @Test
    void allWellIsOk() {
        String line = Health.summary(List.of(service("web", "web")), List.of(new PoolStatus(new Pool("web", "wrr"), "wrr", false, 2)),
                List.of(node("n1", NodeState.UP), node("n2", NodeState.UP), node("n3", NodeState.DRAINING)), List.of());
        assertEquals("health: ok — 1 service, 1 pool, 3 nodes (2 up, 1 draining, 0 down, 0 disabled), 0 policies on fallback", line);
    }

    @Test
    void eachCauseOfTroubleIsNamed() {
        String line = Health.summary(List.of(service("web", "web"), service("api", "api")),
                List.of(new PoolStatus(new Pool("web", "maglev"), "rr", true, 1), new PoolStatus(new Pool("api", "rr"), "rr", false, 0)),
                List.of(node("n1", NodeState.UP), node("n2", NodeState.DOWN)), List.of("org.rookery.proxy RESOLVED"));
        assertEquals("health: degraded — 2 services, 2 pools, 2 nodes (1 up, 0 draining, 1 down, 0 disabled), 1 policy on fallback;"
                + " service api has no usable node, 1 node down, pool web on fallback (maglev not installed),"
                + " bundle org.rookery.proxy RESOLVED", line);
    }
}
