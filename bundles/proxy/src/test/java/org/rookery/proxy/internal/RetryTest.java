package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.Protocol;

/** A node that refuses connections costs a retry, not the client's connection. */
class RetryTest {

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void everyConnectionSucceedsAndRetriesAreCounted(boolean epoll) throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", TcpBackend::echo);
             Fixture f = new Fixture(Fixture.settings(false, 2), epoll)) {
            f.dispatcher.addNode("closed", "127.0.0.1", Fixture.freePort("127.0.0.1"));
            f.dispatcher.addNode("open", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            for (int i = 0; i < 10; i++) {
                assertEquals("hello " + i, echo(port, "hello " + i));
            }
            // round robin over two nodes: each connection first meets the closed node, then the open one
            assertEquals(10, f.counter("retries"));
            assertEquals(10, f.counter("connect-failures"));
            Fixture.await("connections closed", () -> f.counter("active") == 0);
            assertTrue(f.dispatcher.tracked.isEmpty(), "every placement, failed or not, was forgotten");
            assertEquals(0, f.dispatcher.closedUntracked.get(), "closed(key) is called once per placement");
            assertEquals(0, f.counter("connect-timeouts"), "refusals are no timeouts");
            assertEquals(0, f.swept(), "every connection left its loop's sweep");
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void clientIsClosedWhenEveryAttemptFails(boolean epoll) throws Exception {
        try (Fixture f = new Fixture(Fixture.settings(false, 2), epoll)) {
            f.dispatcher.addNode("closed", "127.0.0.1", Fixture.freePort("127.0.0.1"));
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                assertEquals(-1, c.getInputStream().read(), "the proxy closes the client");
            }
            assertEquals(3, f.counter("connect-failures"), "one attempt and two retries");
            assertEquals(2, f.counter("retries"));
            Fixture.await("connection closed", () -> f.counter("active") == 0);
            assertTrue(f.dispatcher.tracked.isEmpty());
        }
    }

    @Test
    void noNodeIsARefusal() throws Exception {
        try (Fixture f = new Fixture(Fixture.settings(false, 2))) {
            f.dispatcher.verdict = org.rookery.api.cluster.Dispatcher.NO_NODE;
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                assertEquals(-1, c.getInputStream().read());
            }
            assertEquals(1, f.counter("refused"));
            assertEquals(0, f.counter("connect-failures"));
        }
    }

    static String echo(int port, String text) throws IOException {
        try (Socket c = new Socket("127.0.0.1", port)) {
            c.setSoTimeout((int) Fixture.WAIT_MILLIS);
            c.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
            c.shutdownOutput();
            return Streams.readText(c.getInputStream());
        }
    }
}
