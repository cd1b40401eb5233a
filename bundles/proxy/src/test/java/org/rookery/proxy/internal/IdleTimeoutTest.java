package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.Protocol;

/** A TCP connection with no byte moving for the idle timeout is closed on both sides; a busy one is not. */
class IdleTimeoutTest {

    private static final int IDLE_SECONDS = 1;

    private static ProxySettings idle(int seconds) {
        return new ProxySettings(2, false, 2000, 2, seconds, 1, false, 1, 65536, 128);
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void silentConnectionIsClosedBothWays(boolean epoll) throws Exception {
        CountDownLatch backendSawEnd = new CountDownLatch(1);
        try (TcpBackend backend = new TcpBackend("127.0.0.1", s -> {
                 s.setSoTimeout((int) Fixture.WAIT_MILLIS);
                 if (s.getInputStream().read() < 0) {
                     backendSawEnd.countDown();
                 }
             });
             Fixture f = new Fixture(idle(IDLE_SECONDS), epoll)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                assertEquals(-1, c.getInputStream().read(), "the proxy closed the silent client");
            }
            assertTrue(backendSawEnd.await(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS), "the node's side was closed");
            Fixture.await("connection released", () -> f.counter("active") == 0);
            assertEquals(1, f.counter("idle-closes"));
            assertTrue(f.dispatcher.tracked.isEmpty());
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void connectionWithTrafficStaysOpenPastTheTimeout(boolean epoll) throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", TcpBackend::echo);
             Fixture f = new Fixture(idle(IDLE_SECONDS), epoll)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                OutputStream out = c.getOutputStream();
                InputStream in = c.getInputStream();
                // a byte every 100 ms for 2.5 times the idle timeout: never 1 s without traffic
                for (int i = 0; i < 25; i++) {
                    out.write(i);
                    assertEquals(i, in.read(), "echoed through the proxy");
                    Thread.sleep(100);
                }
                assertEquals(0, f.counter("idle-closes"));
                assertEquals(1, f.counter("active"));
            }
            Fixture.await("connection released", () -> f.counter("active") == 0);
        }
    }
}
