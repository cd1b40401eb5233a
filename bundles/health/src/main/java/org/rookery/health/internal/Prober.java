package org.rookery.health.internal;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs TCP-connect and HTTP-GET probes without blocking, all on one selector thread, so checking a
 * thousand nodes costs one thread and never waits on a slow one. At most {@code maxInFlight} probes run at
 * once; a probe beyond that fails at once as "overloaded" rather than queueing behind the others.
 */
final class Prober implements Closeable {

    private static final Logger LOG = Logger.getLogger(Prober.class.getName());

    /** Receives a probe's outcome, on the prober's thread. */
    interface Callback {
        /** {@code detail} is {@code ok} or what failed, e.g. {@code connect refused}, {@code status 503}. */
        void done(boolean ok, String detail);
    }

    private final Selector selector;
    private final Queue<Probe> pending = new ConcurrentLinkedQueue<>();
    private final List<Probe> active = new ArrayList<>();
    private final int maxInFlight;
    private final Thread thread;
    private volatile boolean closed;

    Prober(int maxInFlight) throws IOException {
        this.maxInFlight = maxInFlight;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, "rookery-health-probe");
        thread.setDaemon(true);
        thread.start();
    }

    /** Connects to {@code target}; success when the connection is established within the timeout. */
    void tcp(InetSocketAddress target, long timeoutMillis, Callback cb) {
        submit(new Probe(target, null, 0, timeoutMillis, cb));
    }

    /** Sends {@code GET path} to {@code target}; success when the status line carries {@code expect}. */
    void http(InetSocketAddress target, String host, String path, int expect, long timeoutMillis, Callback cb) {
        String req = "GET " + path + " HTTP/1.0\r\nHost: " + host + "\r\nUser-Agent: rookery-health\r\nConnection: close\r\n\r\n";
        submit(new Probe(target, ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)), expect, timeoutMillis, cb));
    }

    private void submit(Probe p) {
        if (closed) {
            p.cb.done(false, "stopped");
            return;
        }
        pending.add(p);
        selector.wakeup();
    }

    private void run() {
        try {
            while (!closed) {
                long now = System.nanoTime();
                startPending(now);
                long wait = 1000;
                for (Probe p : active) {
                    wait = Math.min(wait, Math.max(1, (p.deadline - now) / 1_000_000));
                }
                selector.select(wait);
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    step((Probe) k.attachment(), k);
                }
                now = System.nanoTime();
                for (int i = active.size() - 1; i >= 0; i--) {
                    Probe p = active.get(i);
                    if (now - p.deadline >= 0) {
                        finish(p, false, p.connected ? "timeout waiting for the reply" : "connect timeout");
                    }
                }
            }
        } catch (ClosedSelectorException e) {
            // closed while selecting: we are stopping
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "health prober stopped", e);
        } finally {
            for (Probe p : new ArrayList<>(active)) {
                finish(p, false, "stopped");
            }
        }
    }

    private void startPending(long now) {
        Probe p;
        while ((p = pending.poll()) != null) {
            if (active.size() >= maxInFlight) {
                p.cb.done(false, "overloaded: " + maxInFlight + " probes in flight");
                continue;
            }
            p.deadline = now + p.timeoutMillis * 1_000_000;
            active.add(p);
            try {
                p.channel = SocketChannel.open();
                p.channel.configureBlocking(false);
                if (p.request == null) {
                    // a plain connect check closes with a reset, as HAProxy does: no TIME_WAIT piles up here
                    p.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                if (p.channel.connect(p.target)) {
                    connected(p);
                } else {
                    p.channel.register(selector, SelectionKey.OP_CONNECT, p);
                }
            } catch (IOException | RuntimeException e) {
                finish(p, false, describe(e));
            }
        }
    }

    private void step(Probe p, SelectionKey k) {
        try {
            if (k.isConnectable()) {
                p.channel.finishConnect();
                connected(p);
            } else if (k.isWritable()) {
                write(p);
            } else if (k.isReadable()) {
                read(p);
            }
        } catch (IOException | RuntimeException e) {
            finish(p, false, describe(e));
        }
    }

    private void connected(Probe p) throws IOException {
        p.connected = true;
        if (p.request == null) {
            finish(p, true, "ok");
            return;
        }
        p.reply = ByteBuffer.allocate(256);
        write(p);
    }

    private void write(Probe p) throws IOException {
        p.channel.write(p.request);
        int ops = p.request.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        p.channel.register(selector, ops, p);
    }

    private void read(Probe p) throws IOException {
        int n = p.channel.read(p.reply);
        String text = new String(p.reply.array(), 0, p.reply.position(), StandardCharsets.ISO_8859_1);
        int eol = text.indexOf("\r\n");
        if (eol < 0 && n >= 0 && p.reply.hasRemaining()) {
            return; // the status line is not complete yet
        }
        String line = eol < 0 ? text : text.substring(0, eol);
        int status = statusOf(line);
        if (status < 0) {
            finish(p, false, n < 0 && text.isEmpty() ? "closed without a reply" : "not an HTTP reply");
        } else {
            finish(p, status == p.expect, status == p.expect ? "ok" : "status " + status);
        }
    }

    /** The status code of an HTTP status line, or -1. */
    static int statusOf(String line) {
        String[] parts = line.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void finish(Probe p, boolean ok, String detail) {
        if (!active.remove(p)) {
            return;
        }
        try {
            if (p.channel != null) {
                p.channel.close();
            }
        } catch (IOException ignored) {
            // nothing left to do with it
        }
        try {
            p.cb.done(ok, detail);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health callback failed", e);
        }
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        m = m.toLowerCase(Locale.ROOT);
        return m.contains("refused") ? "connect refused" : m;
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static final class Probe {
        final InetSocketAddress target;
        final ByteBuffer request;
        final int expect;
        final long timeoutMillis;
        final Callback cb;
        SocketChannel channel;
        ByteBuffer reply;
        long deadline;
        boolean connected;

        Probe(InetSocketAddress target, ByteBuffer request, int expect, long timeoutMillis, Callback cb) {
            this.target = target;
            this.request = request;
            this.expect = expect;
            this.timeoutMillis = timeoutMillis;
            this.cb = cb;
        }
    }
}
