package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.Protocol;

/** A node that does not read makes the proxy stop reading the client: the other direction of backpressure. */
class ReverseBackpressureTest {

    private static final long SIZE = 100L * 1024 * 1024;

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void slowNodeDoesNotGrowTheProxysMemory(boolean epoll) throws Exception {
        CountDownLatch startReading = new CountDownLatch(1);
        CompletableFuture<Streams.Sum> atNode = new CompletableFuture<>();
        Throwable[] failure = new Throwable[1];
        try (TcpBackend backend = new TcpBackend("127.0.0.1", s -> {
                 startReading.await(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS);
                 atNode.complete(Streams.read(s.getInputStream()));
             });
             Fixture f = new Fixture(Fixture.settings(false, 2), epoll)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                Thread writer = Streams.start("client-writer", () -> {
                    Streams.write(c.getOutputStream(), 4, SIZE);
                    c.shutdownOutput();
                }, failure);
                BackpressureTest.awaitStalled(f, "bytes-in");
                assertTrue(f.counter("backpressure-pauses") > 0, "the proxy stopped reading the client");
                assertTrue(f.counter("bytes-in") < SIZE / 4, "the client is held back: " + f.counter("bytes-in"));
                assertTrue(f.counter("max-pending-bytes") <= BackpressureTest.BOUND, "pending " + f.counter("max-pending-bytes"));
                startReading.countDown();
                assertEquals(Streams.expected(4, SIZE), atNode.get(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS));
                writer.join(Fixture.WAIT_MILLIS);
            }
            assertNull(failure[0]);
            assertEquals(SIZE, f.counter("bytes-in"));
        }
    }
}
