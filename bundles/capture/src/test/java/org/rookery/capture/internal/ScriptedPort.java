package org.rookery.capture.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/** A port for tests that sends each frame at once: frames to receive are queued, frames sent are kept (copied). */
final class ScriptedPort implements FramePort {

    final Deque<byte[]> incoming = new ArrayDeque<>();
    final List<byte[]> sent = new ArrayList<>();
    final List<String> filters = new ArrayList<>();
    boolean refuse;
    volatile boolean closed;
    private int wire;

    @Override
    public synchronized int receive(byte[] buf) {
        byte[] f = incoming.poll();
        if (f == null) {
            return closed ? CLOSED : TIMEOUT;
        }
        wire = f.length;
        int n = Math.min(f.length, buf.length);
        System.arraycopy(f, 0, buf, 0, n);
        return n;
    }

    @Override
    public int wireLength() {
        return wire;
    }

    @Override
    public synchronized void send(byte[] buf, int len, int tag, Outcomes outcomes) {
        if (refuse) {
            outcomes.refused(tag, len);
            return;
        }
        sent.add(Arrays.copyOf(buf, len));
        outcomes.sent(tag, len);
    }

    @Override
    public void flush() {
    }

    @Override
    public synchronized void filter(String expression) {
        filters.add(expression);
    }

    @Override
    public void close() {
        closed = true;
    }

    synchronized byte[] last() {
        return sent.isEmpty() ? null : sent.get(sent.size() - 1);
    }
}
