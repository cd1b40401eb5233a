package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.Protocol;

/** Connections and sessions of a deleted or down node are closed once the grace period is over. */
class GracePeriodTest {

    @ParameterizedTest(name = "deleted={0}")
    @ValueSource(booleans = {true, false})
    void tcpConnectionOfAGoneNodeIsClosed(boolean deleted) throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", TcpBackend::echo);
             Fixture f = new Fixture(Fixture.settings(false, 2))) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                c.getOutputStream().write('x');
                assertEquals('x', c.getInputStream().read());
                if (deleted) {
                    f.dispatcher.nodes.set(0, null);
                } else {
                    f.cluster.setState(0, NodeState.DOWN);
                }
                f.engine.clusterChanged();
                assertEquals(-1, c.getInputStream().read(), "closed by the proxy after the grace period");
            }
            assertEquals(1, f.counter("grace-closes"));
            Fixture.await("connection released", () -> f.counter("active") == 0);
            assertTrue(f.dispatcher.tracked.isEmpty());
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void udpSessionOfADeletedNodeIsClosed(boolean epoll) throws Exception {
        ProxySettings longIdle = new ProxySettings(2, false, 2000, 2, 900, 1, false, 3600, 65536, 128);
        try (UdpEcho node = new UdpEcho();
             Fixture f = new Fixture(longIdle, epoll);
             java.net.DatagramSocket c = UdpRelayTest.client()) {
            f.dispatcher.addNode("n1", "127.0.0.1", node.port());
            var vip = Fixture.at("127.0.0.1", f.addService("dns", Protocol.UDP, "127.0.0.1"));
            UdpRelayTest.send(c, vip, "q");
            assertEquals("echo q", UdpRelayTest.receive(c, vip));
            f.dispatcher.nodes.set(0, null);
            f.engine.clusterChanged();
            Fixture.await("session closed", () -> f.counter("udp-sessions") == 0);
            assertEquals(1, f.counter("grace-closes"));
            assertTrue(f.dispatcher.tracked.isEmpty());
        }
    }
}
