package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rookery.proxy.internal.BindingTest.service;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;

import org.junit.jupiter.api.Test;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/** Listeners follow services as they change, leave, or span port ranges. */
class RebindTest {

    @Test
    void changedPortRebindsAndRemovalUnbindsButKeepsConnections() throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", TcpBackend::echo);
             Fixture f = new Fixture(Fixture.settings(false, 2))) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int first = f.addService("web", Protocol.TCP, "127.0.0.1");
            assertEquals("one", RetryTest.echo(first, "one"));

            int second = Fixture.freePort("127.0.0.1");
            f.addService(service("web", Protocol.TCP, second, second));
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", first).close());
            assertEquals("two", RetryTest.echo(second, "two"));

            try (Socket open = new Socket("127.0.0.1", second)) {
                open.setSoTimeout((int) Fixture.WAIT_MILLIS);
                open.getOutputStream().write('a');
                assertEquals('a', open.getInputStream().read());
                f.removeService("web");
                assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", second).close());
                open.getOutputStream().write('b');
                assertEquals('b', open.getInputStream().read(), "an accepted connection outlives its listener");
            }
            assertEquals(0, f.counter("listeners"));
        }
    }

    @Test
    void portRangeBindsEachPortAndLargeRangesAreRefused() throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", TcpBackend::echo);
             Fixture f = new Fixture(Fixture.settings(false, 2));
             LogCapture log = new LogCapture(ServiceBindings.class)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int base = freeRange(3);
            VirtualService range = service("range", Protocol.TCP, base, base + 2);
            assertDoesNotThrow(() -> f.engine.check(range));
            f.addService(range);
            assertEquals(3, f.counter("listeners"));
            for (int port = base; port <= base + 2; port++) {
                assertEquals("via " + port, RetryTest.echo(port, "via " + port));
            }

            VirtualService huge = service("huge", Protocol.TCP, 20000, 20000 + PortProbe.MAX_PORTS);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.engine.check(huge));
            assertTrue(e.getMessage().contains("at most " + PortProbe.MAX_PORTS), e.getMessage());
            f.addService(huge);
            assertEquals(3, f.counter("listeners"), "a range too large is not bound at all");
            assertEquals(1, log.errors().size(), log.errors()::toString);
        }
    }

    /** The first of {@code n} consecutive ports that are free now. */
    private static int freeRange(int n) throws Exception {
        for (int base = 42000; base < 60000; base += n) {
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                try (ServerSocket s = new ServerSocket(p, 1, Fixture.loopback("127.0.0.1"))) {
                    free = s.getLocalPort() == p;
                } catch (java.io.IOException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new AssertionError("no free port range");
    }
}
