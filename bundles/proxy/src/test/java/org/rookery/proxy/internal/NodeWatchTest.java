package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rookery.api.cluster.NodeStatus;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;

/** Which relays the grace period closes, on an embedded event loop with its own clock. */
class NodeWatchTest {

    private static final Node N1 = new Node("p", "n1", IpAddress.parse("127.0.0.1"), 9000, null, 1, null, -1);
    private static final Node OTHER = new Node("p", "other", IpAddress.parse("127.0.0.2"), 9000, null, 1, null, -1);

    private final EmbeddedChannel loop = new EmbeddedChannel();
    private final ProxyCounters counters = new ProxyCounters();
    private final NodeWatch watch = new NodeWatch(10, counters);
    private FakeRelay relay;

    @BeforeEach
    void relayToN1() {
        relay = new FakeRelay(loop.eventLoop(), 0, N1);
        watch.add(relay);
        watch.update(List.of(status(N1, NodeState.UP)));
    }

    @Test
    void drainingAndDisabledNodesKeepTheirConnections() {
        watch.update(List.of(status(N1, NodeState.DRAINING)));
        watch.update(List.of(status(N1, NodeState.DISABLED)));
        passSeconds(60);
        assertFalse(relay.closed);
    }

    @Test
    void downNodeLosesThemAfterTheGracePeriodOnly() {
        watch.update(List.of(status(N1, NodeState.DOWN)));
        passSeconds(9);
        assertFalse(relay.closed, "still within the grace period");
        passSeconds(2);
        assertTrue(relay.closed);
        assertEquals(1, counters.graceCloses.sum());
    }

    @Test
    void nodeBackWithinTheGracePeriodKeepsThem() {
        watch.update(List.of(status(N1, NodeState.DOWN)));
        passSeconds(5);
        watch.update(List.of(status(N1, NodeState.UP)));
        passSeconds(60);
        assertFalse(relay.closed);
    }

    @Test
    void deletedNodeLosesThemEvenWhenANewNodeTakesItsId() {
        watch.update(List.of(new NodeStatus(OTHER, 0, NodeState.UP, 0, 0, null)));
        passSeconds(11);
        assertTrue(relay.closed);
    }

    @Test
    void endedRelaysAreNotClosedAgain() {
        watch.update(List.of());
        watch.remove(relay);
        passSeconds(11);
        assertFalse(relay.closed);
        assertEquals(0, watch.size());
    }

    private void passSeconds(long s) {
        loop.advanceTimeBy(s, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
    }

    private static NodeStatus status(Node n, NodeState state) {
        return new NodeStatus(n, 0, state, 0, 0, null);
    }

    /** A relay that only records being closed. */
    private static final class FakeRelay implements Relayed {
        private final EventLoop loop;
        private final int id;
        private final Node node;
        boolean closed;

        FakeRelay(EventLoop loop, int id, Node node) {
            this.loop = loop;
            this.id = id;
            this.node = node;
        }

        @Override
        public int nodeId() {
            return id;
        }

        @Override
        public Node node() {
            return node;
        }

        @Override
        public EventLoop eventLoop() {
            return loop;
        }

        @Override
        public void flushBytes() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
