package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.Protocol;

/**
 * A node that never answers a connection attempt costs a timed-out attempt and a retry on another node,
 * not the client's connection; a client whose every attempt times out is closed.
 */
class ConnectTimeoutTest {

    private static final int CONNECT_TIMEOUT_MS = 300;

    private static ProxySettings settings(int retries) {
        return new ProxySettings(2, false, CONNECT_TIMEOUT_MS, retries, 900, 1, false, 1, 65536, 128);
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void aSilentNodeTimesOutAndTheNextNodeServes(boolean epoll) throws Exception {
        try (SilentNode silent = new SilentNode();
             TcpBackend backend = new TcpBackend("127.0.0.1", TcpBackend::echo);
             Fixture f = new Fixture(settings(2), epoll)) {
            f.dispatcher.addNode("silent", "127.0.0.1", silent.port());
            f.dispatcher.addNode("open", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            for (int i = 0; i < 3; i++) {
                assertEquals("hello " + i, RetryTest.echo(port, "hello " + i));
            }
            // round robin over two nodes: each connection first meets the silent node, then the open one
            assertEquals(3, f.counter("connect-timeouts"));
            assertEquals(3, f.counter("connect-failures"));
            assertEquals(3, f.counter("retries"));
            Fixture.await("connections closed", () -> f.counter("active") == 0);
            assertTrue(f.dispatcher.tracked.isEmpty(), "every placement, failed or not, was forgotten");
            assertEquals(0, f.swept(), "every connection left its loop's sweep");
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void theClientIsClosedWhenEveryAttemptTimesOut(boolean epoll) throws Exception {
        try (SilentNode silent = new SilentNode();
             Fixture f = new Fixture(settings(1), epoll)) {
            f.dispatcher.addNode("silent", "127.0.0.1", silent.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                assertEquals(-1, c.getInputStream().read(), "the proxy closes the client");
            }
            assertEquals(2, f.counter("connect-timeouts"), "one attempt and one retry");
            assertEquals(1, f.counter("retries"));
            Fixture.await("connection closed", () -> f.counter("active") == 0);
            assertTrue(f.dispatcher.tracked.isEmpty());
        }
    }

    /**
     * A listener whose accept queue is full and never drained: Linux drops further SYNs, so a connection
     * attempt to it neither succeeds nor fails until the attempt's own timeout.
     */
    static final class SilentNode implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> queued = new ArrayList<>();

        SilentNode() throws IOException {
            server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            InetSocketAddress at = new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
            // fill the queue: connections beyond it stay unanswered (their SYN is dropped) and time out here
            for (int i = 0; i < 4; i++) {
                Socket s = new Socket();
                try {
                    s.connect(at, 200);
                    queued.add(s);
                } catch (IOException e) {
                    s.close();
                    break; // the queue is full
                }
            }
            assertTrue(queued.size() < 4, "the accept queue of a listener with backlog 1 filled up");
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            for (Socket s : queued) {
                s.close();
            }
            server.close();
        }
    }
}
