package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.Protocol;

/** A client that does not read makes the proxy stop reading the node: its buffers stay bounded. */
class BackpressureTest {

    private static final long SIZE = 200L * 1024 * 1024;
    /** The high water mark plus a read or two of Netty's adaptive allocator (64 KB at most each). */
    static final long BOUND = ProxyEngine.WATER_MARK.high() + 2 * 65536;

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void slowClientDoesNotGrowTheProxysMemory(boolean epoll) throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", s -> Streams.write(s.getOutputStream(), 3, SIZE));
             Fixture f = new Fixture(Fixture.settings(false, 2), epoll)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                awaitStalled(f, "bytes-out");
                assertTrue(f.counter("backpressure-pauses") > 0, "the proxy stopped reading the node");
                assertTrue(f.counter("bytes-out") < SIZE / 4, "the node is held back: " + f.counter("bytes-out"));
                assertTrue(f.counter("max-pending-bytes") <= BOUND, "pending " + f.counter("max-pending-bytes"));
                // now the client reads: everything arrives and the bound held throughout
                assertEquals(Streams.expected(3, SIZE), Streams.read(c.getInputStream()));
            }
            // Epoll reads a half-closed socket to its end whatever autoRead says (EPOLLRDHUP), so once the
            // node has sent its FIN the proxy may hold one kernel receive buffer more; NIO holds to the bound.
            long bound = epoll ? BOUND + maxReceiveBuffer() : BOUND;
            assertTrue(f.counter("max-pending-bytes") <= bound, "pending " + f.counter("max-pending-bytes"));
            assertEquals(SIZE, f.counter("bytes-out"));
        }
    }

    /** The largest TCP receive buffer the kernel grows a socket to (third field of tcp_rmem). */
    private static long maxReceiveBuffer() throws IOException {
        String[] rmem = Files.readAllLines(Path.of("/proc/sys/net/ipv4/tcp_rmem")).get(0).trim().split("\\s+");
        return Long.parseLong(rmem[2]);
    }

    /** Waits (bounded) until a byte counter stops growing: every buffer on the way is full. */
    static void awaitStalled(Fixture f, String counter) throws InterruptedException {
        long last = -1;
        int still = 0;
        long deadline = System.nanoTime() + Fixture.WAIT_MILLIS * 1_000_000;
        while (still < 20 && System.nanoTime() < deadline) {
            Thread.sleep(25);
            long now = f.counter(counter);
            still = now == last && now > 0 ? still + 1 : 0;
            last = now;
        }
    }
}
