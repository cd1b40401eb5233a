package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.datapath.NodeTraffic;
import org.rookery.api.model.Protocol;

/** Bytes relayed through the proxy arrive intact both ways, on both transports. */
class TcpRelayTest {

    private static final long SIZE = 50L * 1024 * 1024;

    @Test
    void epollLoadsOnThisMachine() {
        assertTrue(Epoll.isAvailable(), () -> "epoll unavailable: " + Epoll.unavailabilityCause());
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void fiftyMegabytesEachWayArriveIntact(boolean epoll) throws Exception {
        CompletableFuture<Streams.Sum> atBackend = new CompletableFuture<>();
        Throwable[] failure = new Throwable[1];
        try (TcpBackend backend = new TcpBackend("127.0.0.1", s -> {
                 Thread writer = Streams.start("backend-writer", () -> {
                     Streams.write(s.getOutputStream(), 2, SIZE);
                     s.shutdownOutput();
                 }, failure);
                 atBackend.complete(Streams.read(s.getInputStream()));
                 writer.join();
             });
             Fixture f = new Fixture(Fixture.settings(false, 2), epoll)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            Streams.Sum atClient;
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                Thread writer = Streams.start("client-writer", () -> {
                    Streams.write(c.getOutputStream(), 1, SIZE);
                    c.shutdownOutput();
                }, failure);
                atClient = Streams.read(c.getInputStream());
                writer.join(Fixture.WAIT_MILLIS);
            }
            assertNull(failure[0]);
            assertEquals(Streams.expected(1, SIZE), atBackend.get(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS));
            assertEquals(Streams.expected(2, SIZE), atClient);
            Fixture.await("connection closed", () -> f.counter("active") == 0);
            assertEquals(SIZE, f.counter("bytes-in"));
            assertEquals(SIZE, f.counter("bytes-out"));
            assertEquals(1, f.counter("connections"));
            assertEquals(new NodeTraffic(SIZE, SIZE), f.engine.nodeTraffic().get("p/n1"));
            assertEquals(1, f.engine.connectLatency.snapshot().count(), "one connection, one connect time");
            assertTrue(f.dispatcher.tracked.isEmpty(), "the flow was forgotten when the connection closed");
            assertEquals(0, f.dispatcher.closedUntracked.get(), "closed(key) is called exactly once");
            assertTrue(backend.errors.isEmpty(), backend.errors::toString);
        }
    }

    @Test
    void anOpenConnectionsBytesShowPerNodeAtTheNextScrape() throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", s -> {
                 byte[] got = s.getInputStream().readNBytes(1000);
                 s.getOutputStream().write(got);
                 s.getOutputStream().write(got);
                 s.getInputStream().read(); // until the client closes
             });
             Fixture f = new Fixture(Fixture.settings(false, 2))) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                c.getOutputStream().write(new byte[1000]);
                assertEquals(2000, c.getInputStream().readNBytes(2000).length);
                assertEquals(1, f.counter("active"), "still open");
                assertEquals(new NodeTraffic(1000, 2000), f.engine.nodeTraffic().get("p/n1"));
            }
            Fixture.await("connection closed", () -> f.counter("active") == 0);
            assertEquals(new NodeTraffic(1000, 2000), f.engine.nodeTraffic().get("p/n1"), "nothing counted twice");
            assertEquals(1, f.engine.connectLatency.snapshot().count());
        }
    }
}
