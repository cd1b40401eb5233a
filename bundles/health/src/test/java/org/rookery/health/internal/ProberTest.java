package org.rookery.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real probes against loopback servers. */
class ProberTest {

    Prober prober;
    ServerSocket server;
    volatile String status = "200 OK";
    volatile boolean answer = true;

    @BeforeEach
    void setUp() throws IOException {
        prober = new Prober(16);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[1024];
                    int n = in.read(buf);
                    if (answer && n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("GET /health ")) {
                        OutputStream out = s.getOutputStream();
                        out.write(("HTTP/1.0 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    } else if (!answer) {
                        Thread.sleep(2000); // never answers within the probe's timeout
                    }
                } catch (IOException | InterruptedException e) {
                    // next
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void tearDown() throws IOException {
        prober.close();
        server.close();
    }

    String run(boolean http, int port, long timeout) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        InetSocketAddress a = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        if (http) {
            prober.http(a, "127.0.0.1", "/health", 200, timeout, (ok, d) -> f.complete(ok + " " + d));
        } else {
            prober.tcp(a, timeout, (ok, d) -> f.complete(ok + " " + d));
        }
        return f.get(10, TimeUnit.SECONDS);
    }

    @Test
    void tcpConnectSucceedsOnAListenerAndFailsOnAClosedPort() throws Exception {
        assertEquals("true ok", run(false, server.getLocalPort(), 1000));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertEquals("false connect refused", run(false, closed, 1000));
    }

    @Test
    void httpChecksTheStatus() throws Exception {
        assertEquals("true ok", run(true, server.getLocalPort(), 1000));
        status = "503 Service Unavailable";
        assertEquals("false status 503", run(true, server.getLocalPort(), 1000));
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        answer = false;
        assertEquals("false timeout waiting for the reply", run(true, server.getLocalPort(), 200));
    }

    @Test
    void statusLines() {
        assertEquals(204, Prober.statusOf("HTTP/1.1 204 No Content"));
        assertEquals(-1, Prober.statusOf("SSH-2.0-OpenSSH"));
    }
}
