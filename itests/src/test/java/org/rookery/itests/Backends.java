package org.rookery.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real TCP servers on loopback standing in for cluster nodes: each first sends its name and a newline,
 * then echoes every byte back until the client shuts its side, then closes.
 */
final class Backends implements AutoCloseable {

    /** One node: its name, port and counters. */
    static final class Backend {
        final String name;
        volatile ServerSocket server;
        final AtomicLong connections = new AtomicLong();
        final AtomicLong open = new AtomicLong();

        Backend(String name, ServerSocket server) {
            this.name = name;
            this.server = server;
        }

        int port() {
            return server.getLocalPort();
        }
    }

    final List<Backend> nodes = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "itest-backend");
        t.setDaemon(true);
        return t;
    });

    /** Starts {@code n} named echo servers on free loopback ports. */
    Backends(String... names) throws IOException {
        for (String name : names) {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
            Backend b = new Backend(name, s);
            nodes.add(b);
            pool.execute(() -> accept(b));
        }
    }

    Backend get(String name) {
        return nodes.stream().filter(b -> b.name.equals(name)).findFirst().orElseThrow();
    }

    private void accept(Backend b) {
        while (!b.server.isClosed()) {
            try {
                Socket s = b.server.accept();
                b.connections.incrementAndGet();
                b.open.incrementAndGet();
                pool.execute(() -> echo(b, s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void echo(Backend b, Socket s) {
        try (s) {
            OutputStream out = s.getOutputStream();
            out.write((b.name + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            s.shutdownOutput();
        } catch (IOException e) {
            // client went away
        } finally {
            b.open.decrementAndGet();
        }
    }

    /** Listens again on a stopped node's port, as a restarted server does. */
    void restart(String name) throws IOException {
        Backend b = get(name);
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port()), 512);
        b.server = s;
        pool.execute(() -> accept(b));
    }

    /** Stops one node's listener (its port then refuses connections). */
    void stop(String name) throws IOException {
        get(name).server.close();
    }

    @Override
    public void close() throws IOException {
        for (Backend b : nodes) {
            b.server.close();
        }
        pool.shutdownNow();
    }
}
