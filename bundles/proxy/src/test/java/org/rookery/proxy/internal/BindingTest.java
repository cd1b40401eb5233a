package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/** Listeners follow the proxy services; a port that cannot be bound is one error and changes nothing else. */
class BindingTest {

    @Test
    void bindFailureIsOneErrorLineAndNothingElseChanges() throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", TcpBackend::echo);
             Fixture f = new Fixture(Fixture.settings(false, 2));
             ServerSocket squatter = new ServerSocket(0, 1, Fixture.loopback("127.0.0.1"));
             LogCapture log = new LogCapture(ServiceBindings.class)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int good = f.addService("good", Protocol.TCP, "127.0.0.1");
            VirtualService taken = service("taken", Protocol.TCP, squatter.getLocalPort(), squatter.getLocalPort());

            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> f.engine.check(taken));
            assertTrue(refused.getMessage().contains("127.0.0.1:" + squatter.getLocalPort()), refused.getMessage());
            assertFalse(refused.getMessage().contains("\n"), "one line");

            f.addService(taken); // as if stored anyway (a hand-edited file): the proxy must cope
            List<String> errors = log.errors();
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("service taken") && errors.get(0).contains("127.0.0.1:" + squatter.getLocalPort()),
                    errors.get(0));
            assertEquals(1, f.counter("listeners"), "the good service keeps its listener");
            assertEquals("still here", RetryTest.echo(good, "still here"));

            f.engine.clusterChanged(); // another change retries quietly
            assertEquals(1, log.errors().size(), "no second error line for the same service");

            squatter.close();
            f.engine.clusterChanged(); // the port is free now: the retry binds it
            assertEquals(2, f.counter("listeners"));
            assertEquals("now served", RetryTest.echo(squatter.getLocalPort(), "now served"));
            assertDoesNotThrow(() -> f.engine.check(taken), "a port this proxy binds passes the check");
        }
    }

    @Test
    void udpPortInUseIsRefusedByTheCheck() throws Exception {
        try (Fixture f = new Fixture(Fixture.settings(false, 2));
             java.net.DatagramSocket squatter = new java.net.DatagramSocket(
                     new InetSocketAddress(Fixture.loopback("127.0.0.1"), 0))) {
            int port = squatter.getLocalPort();
            assertThrows(IllegalArgumentException.class, () -> f.engine.check(service("dns", Protocol.UDP, port, port)));
        }
    }

    static VirtualService service(String name, Protocol protocol, int first, int last) {
        return new VirtualService(name, IpAddress.parse("127.0.0.1"), protocol, new PortRange(first, last), "p",
                ForwardingMethod.PROXY, null);
    }
}
