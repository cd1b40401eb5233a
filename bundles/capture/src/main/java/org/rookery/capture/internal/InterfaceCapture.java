package org.rookery.capture.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.rookery.api.cluster.Dispatcher;

/**
 * The live capture of one interface: {@code workers} threads, each with its own libpcap handle whose
 * filter takes its share of the flows, reading, deciding, rewriting and sending frames. A new
 * configuration is published with {@link #table} and picked up by each worker between frames (at the
 * latest after the read timeout); the loop survives bad frames, exceptions and a vanished interface
 * (it reopens its handle every second).
 */
final class InterfaceCapture {

    private static final Logger LOG = Logger.getLogger(InterfaceCapture.class.getName());
    private static final long REOPEN_MILLIS = 1000;

    /** Opens a port for a worker. */
    @FunctionalInterface
    interface PortOpener {
        /**
         * Opens {@code iface} capturing up to {@code snaplen} bytes a frame with {@code filter}; throws
         * IllegalArgumentException in one line when it cannot.
         */
        FramePort open(String iface, int snaplen, String filter);
    }

    private final String iface;
    private final int workers;
    private final int snaplen;
    private final Dispatcher dispatcher;
    private final PortOpener opener;
    private final Neighbours neighbours;
    private final CaptureCounters counters;
    private final List<Thread> threads = new ArrayList<>();
    private final List<FramePort> ports = new ArrayList<>();
    private volatile InterfaceTable table;
    private volatile boolean running;

    InterfaceCapture(String iface, int workers, int snaplen, Dispatcher dispatcher, PortOpener opener,
                     Neighbours neighbours, CaptureCounters counters, InterfaceTable table) {
        this.iface = iface;
        this.workers = workers;
        this.snaplen = snaplen;
        this.dispatcher = dispatcher;
        this.opener = opener;
        this.neighbours = neighbours;
        this.counters = counters;
        this.table = table;
    }

    /** Opens every worker's handle (all or none: throws IllegalArgumentException in one line) and starts the workers. */
    synchronized void start() {
        InterfaceTable t = table;
        try {
            for (int k = 0; k < workers; k++) {
                ports.add(opener.open(iface, snaplen, t.filter(workers, k)));
            }
        } catch (RuntimeException e) {
            ports.forEach(FramePort::close);
            ports.clear();
            throw e;
        }
        running = true;
        for (int k = 0; k < workers; k++) {
            int worker = k;
            FramePort port = ports.get(k);
            Thread th = new Thread(() -> run(worker, port), "rookery-capture-" + iface + "-" + k);
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
    }

    /** Publishes a new configuration to the workers. */
    void table(InterfaceTable next) {
        table = next;
    }

    /** The configuration in force. */
    InterfaceTable table() {
        return table;
    }

    /** Bytes captured per frame on this interface. */
    int snaplen() {
        return snaplen;
    }

    /** Number of worker threads. */
    int workers() {
        return workers;
    }

    /** The interface's counters. */
    CaptureCounters counters() {
        return counters;
    }

    /** The interface's neighbour table. */
    Neighbours neighbours() {
        return neighbours;
    }

    /** Stops the workers and closes their handles; returns once they are gone (or after a few seconds). */
    synchronized void stop() {
        running = false;
        for (Thread th : threads) {
            try {
                th.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        ports.clear(); // each worker closes its own handle on the way out
    }

    private void run(int k, FramePort first) {
        FramePort port = first;
        byte[] buf = new byte[snaplen];
        InterfaceTable applied = table;
        LiveStep step = new LiveStep(dispatcher, applied, neighbours, counters, snaplen + 64);
        port.ahead(step);
        String filter = applied.filter(workers, k);
        if (k == 0) {
            step.announce(port, System.nanoTime());
        }
        long errors = 0;
        try {
            while (running) {
                InterfaceTable t = table;
                if (t != applied) {
                    String f = t.filter(workers, k);
                    if (!f.equals(filter)) {
                        port.filter(f);
                        filter = f;
                    }
                    step.table(t);
                    applied = t;
                    if (k == 0) {
                        step.announce(port, System.nanoTime());
                    }
                }
                int n = port.receive(buf);
                if (n > 0) {
                    try {
                        step.process(buf, n, port.wireLength(), System.nanoTime(), port);
                    } catch (RuntimeException e) {
                        counters.count(CaptureCounters.ERROR);
                        if (errors++ % 10_000 == 0) { // the first, then one in ten thousand: the log is no firehose
                            LOG.log(Level.WARNING, "capture on " + iface + ": a frame failed (" + errors + " so far)", e);
                        }
                    }
                } else if (n == FramePort.CLOSED && running) {
                    port = reopen(port, k, filter);
                    port.ahead(step);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "capture worker " + k + " on " + iface + " stopped", e);
        } finally {
            port.close();
        }
    }

    /** The handle broke (interface gone or down): say so once, then try again every second. */
    private FramePort reopen(FramePort broken, int k, String filter) {
        broken.close();
        LOG.warning("event=capture-lost iface=" + iface + " worker=" + k + "; reopening every second");
        while (running) {
            try {
                Thread.sleep(REOPEN_MILLIS);
                FramePort p = opener.open(iface, snaplen, filter);
                LOG.info("event=capture-back iface=" + iface + " worker=" + k);
                return p;
            } catch (IllegalArgumentException e) {
                // still gone
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new ClosedPort();
    }

    /** What a worker holds once stopping: reads end at once, sends are refused. */
    private static final class ClosedPort implements FramePort {
        @Override
        public int receive(byte[] buf) {
            return CLOSED;
        }

        @Override
        public int wireLength() {
            return 0;
        }

        @Override
        public void send(byte[] buf, int len, int tag, Outcomes outcomes) {
            outcomes.refused(tag, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void filter(String expression) {
        }

        @Override
        public void close() {
        }
    }
}
