package org.rookery.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rookery.api.model.Protocol;

/** With proxy.protocol on, the node reads the client's address in a v2 header before the client's bytes. */
class ProxyProtocolTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void nodeLearnsTheClientAddress(String loopback) throws Exception {
        CompletableFuture<byte[]> header = new CompletableFuture<>();
        CompletableFuture<String> payload = new CompletableFuture<>();
        try (TcpBackend backend = new TcpBackend(loopback, s -> {
                 DataInputStream in = new DataInputStream(s.getInputStream());
                 byte[] fixed = new byte[16];
                 in.readFully(fixed);
                 byte[] rest = new byte[((fixed[14] & 0xFF) << 8) | (fixed[15] & 0xFF)];
                 in.readFully(rest);
                 byte[] all = Arrays.copyOf(fixed, 16 + rest.length);
                 System.arraycopy(rest, 0, all, 16, rest.length);
                 header.complete(all);
                 payload.complete(Streams.readText(in));
             });
             Fixture f = new Fixture(Fixture.settings(true, 2))) {
            f.dispatcher.addNode("n1", loopback, backend.port());
            int port = f.addService("web", Protocol.TCP, loopback);
            int clientPort;
            try (Socket c = new Socket(InetAddress.getByName(loopback), port)) {
                clientPort = c.getLocalPort();
                c.getOutputStream().write("hello".getBytes(StandardCharsets.UTF_8));
                c.shutdownOutput();
                assertEquals("hello", payload.get(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS));
            }
            byte[] address = InetAddress.getByName(loopback).getAddress();
            byte[] h = header.get(Fixture.WAIT_MILLIS, TimeUnit.MILLISECONDS);
            assertArrayEquals(ProxyV2Header.SIGNATURE, Arrays.copyOf(h, 12));
            assertEquals(0x21, h[12]);
            assertEquals(address.length == 4 ? 0x11 : 0x21, h[13]);
            int a = 16;
            assertArrayEquals(address, Arrays.copyOfRange(h, a, a + address.length), "source: the client");
            assertArrayEquals(address, Arrays.copyOfRange(h, a + address.length, a + 2 * address.length), "destination: the VIP");
            int ports = a + 2 * address.length;
            assertEquals(clientPort, ((h[ports] & 0xFF) << 8) | (h[ports + 1] & 0xFF));
            assertEquals(port, ((h[ports + 2] & 0xFF) << 8) | (h[ports + 3] & 0xFF));
        }
    }
}
