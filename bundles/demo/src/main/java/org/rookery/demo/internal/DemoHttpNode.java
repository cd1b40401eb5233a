package org.rookery.demo.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tiny HTTP/1.1 server that answers every request with its own name, so that a client of the
 * demo sees which node served it. Keep-alive is honoured; a bounded thread pool serves connections.
 */
final class DemoHttpNode implements AutoCloseable {

    private static final int MAX_HEADER = 16 * 1024;
    private final String name;
    private final ServerSocket server;
    private final ExecutorService workers;
    private final AtomicLong requests = new AtomicLong();

    /** Binds {@code 127.0.0.1:port} at once, so a busy port is an error here and now. */
    DemoHttpNode(String name, int port) throws IOException {
        this.name = name;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        workers = new ThreadPoolExecutor(1, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "demo-node-" + name);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
        Thread acceptor = new Thread(this::accept, "demo-node-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Requests answered so far. */
    long requests() {
        return requests.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                requests.incrementAndGet();
                String lower = head.toLowerCase(java.util.Locale.ROOT);
                boolean close = lower.contains("\nconnection: close") || head.startsWith("GET / HTTP/1.0")
                        && !lower.contains("\nconnection: keep-alive");
                byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
                String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\nX-Rookery-Node: " + name + (close ? "\r\nConnection: close" : "") + "\r\n\r\n";
                out.write(response.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or timed out
        }
    }

    /** Reads a request head up to the blank line; null at end of stream. Bodies are not expected. */
    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            int n = sb.length();
            if (n >= 4 && sb.charAt(n - 1) == '\n' && sb.charAt(n - 2) == '\r' && sb.charAt(n - 3) == '\n') {
                return sb.toString();
            }
            if (n > MAX_HEADER) {
                return null;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        workers.shutdownNow();
    }
}
