package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.Protocol;

/** A FIN from either side reaches the other while the opposite direction keeps flowing. */
class HalfCloseTest {

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void clientFinishesSendingAndStillGetsTheReply(boolean epoll) throws Exception {
        try (TcpBackend backend = new TcpBackend("127.0.0.1", s -> {
                 // answers only after the end of the request, like an HTTP/1.0 server reading to EOF
                 String request = Streams.readText(s.getInputStream());
                 s.getOutputStream().write(("reply to " + request).getBytes(StandardCharsets.UTF_8));
             });
             Fixture f = new Fixture(Fixture.settings(false, 2), epoll)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                c.getOutputStream().write("request".getBytes(StandardCharsets.UTF_8));
                c.shutdownOutput();
                assertEquals("reply to request", Streams.readText(c.getInputStream()));
            }
            Fixture.await("connection closed", () -> f.counter("active") == 0);
            assertTrue(f.dispatcher.tracked.isEmpty());
            assertTrue(backend.errors.isEmpty(), backend.errors::toString);
        }
    }

    @ParameterizedTest(name = "epoll={0}")
    @ValueSource(booleans = {false, true})
    void nodeFinishesSendingAndStillGetsTheClientsBytes(boolean epoll) throws Exception {
        CompletableFuture<String> atBackend = new CompletableFuture<>();
        try (TcpBackend backend = new TcpBackend("127.0.0.1", s -> {
                 s.getOutputStream().write("banner".getBytes(StandardCharsets.UTF_8));
                 s.shutdownOutput();
                 atBackend.complete(Streams.readText(s.getInputStream()));
             });
             Fixture f = new Fixture(Fixture.settings(false, 2), epoll)) {
            f.dispatcher.addNode("n1", "127.0.0.1", backend.port());
            int port = f.addService("web", Protocol.TCP, "127.0.0.1");
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout((int) Fixture.WAIT_MILLIS);
                InputStream in = c.getInputStream();
                assertEquals("banner", Streams.readText(in), "the node's FIN arrives as end of stream");
                c.getOutputStream().write("sent after the node's FIN".getBytes(StandardCharsets.UTF_8));
                c.shutdownOutput();
                assertEquals("sent after the node's FIN", atBackend.get(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS));
            }
            Fixture.await("connection closed", () -> f.counter("active") == 0);
            assertTrue(f.dispatcher.tracked.isEmpty());
            assertTrue(backend.errors.isEmpty(), backend.errors::toString);
        }
    }
}
