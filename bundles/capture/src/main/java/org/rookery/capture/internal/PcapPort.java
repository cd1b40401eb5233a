package org.rookery.capture.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;
import org.pcap4j.core.PcapStat;

/**
 * A live libpcap handle on one interface for one capture worker: incoming frames only (so the frames
 * it sends are not read back), immediate mode, promiscuous mode off (frames for the front-end's MAC,
 * broadcasts and multicasts are all it needs), non-blocking: when no frame is ready it asks again for
 * the busy-poll time, then sleeps in a poll of at most {@link #TIMEOUT_MILLIS}, so the worker sees a
 * stop request or a new configuration. Receiving fetches the frames ready with one {@code pcap_dispatch}
 * into a {@link ReceiveBatch} and hands them out one by one; sending queues the frame in a
 * {@link SendBatch} that goes out with one {@code sendmmsg} on the handle's socket when full and before
 * the next fetch. Neither allocates.
 */
final class PcapPort implements FramePort {

    /** Read timeout: how long a stop or a new filter may wait for an idle worker. */
    static final int TIMEOUT_MILLIS = 100;
    /** Frames per {@code sendmmsg} unless configured otherwise. */
    static final int DEFAULT_BATCH = 32;
    /** Busy polls in a row that find nothing before the port stops spinning; see {@link #idleSpins}. */
    static final int IDLE_SPINS_BEFORE_REST = 8;
    /** poll(2)'s "data to read" event: {@code short events}, with {@code short revents} above it (little-endian). */
    private static final int POLLIN = 0x1;
    private static final Logger LOG = Logger.getLogger(PcapPort.class.getName());

    private final PcapHandle handle;
    private final long pcap;
    /** The {@code struct pollfd} of the handle's descriptor, waiting for input. */
    private final Memory pollfd = new Memory(8);
    private final long pollfdAddress = Pointer.nativeValue(pollfd);
    private final int fd;
    private final SendBatch batch;
    private final ReceiveBatch received;
    private Ahead ahead;
    /**
     * How long an idle worker keeps asking libpcap for frames before it sleeps in {@code poll}: a worker
     * that sleeps is woken by the receiving CPU with an inter-processor interrupt, which costs that CPU
     * (the client's and nodes' core in the test bed) and adds the wake-up to every round trip.
     */
    private long busyPollNanos;
    /** How many times the port asked libpcap for frames (tests see busy polling by it). */
    private long fetches;
    /**
     * Busy polls in a row that found nothing. At {@link #IDLE_SPINS_BEFORE_REST} the traffic is too sparse
     * for spinning to catch the next frame, and the port sleeps at once until a sleep ends sooner than
     * a spin would have (see {@link #sleep}): a steady trickle then costs no spinning.
     */
    private int idleSpins;

    private PcapPort(PcapHandle handle, int snaplen, int batchFrames) {
        this.handle = handle;
        this.pcap = Pointer.nativeValue(LibpcapReceive.pcapT(handle));
        this.fd = LibpcapReceive.pcap_get_selectable_fd(pcap);
        if (fd < 0) {
            throw new IllegalArgumentException("libpcap gives no descriptor for this handle");
        }
        pollfd.setInt(0, fd);
        pollfd.setInt(4, POLLIN); // events; the kernel writes revents beside them, never events
        this.batch = new SendBatch(batchFrames, snaplen + 64);
        this.received = new ReceiveBatch(batchFrames, snaplen);
    }

    /**
     * Opens {@code iface} with the filter, sending in batches of {@link #DEFAULT_BATCH} through the
     * interface's qdisc (visible to tcpdump); throws IllegalArgumentException with libpcap's reason (no
     * such device, no permission) in one line.
     */
    static PcapPort open(String iface, int snaplen, int bufferBytes, String filter) {
        return open(iface, snaplen, bufferBytes, filter, DEFAULT_BATCH, false);
    }

    /**
     * Opens {@code iface} with the filter, sending up to {@code batchFrames} frames per system call and,
     * with {@code bypassQdisc}, past the interface's queueing discipline (which also hides the frames
     * sent from other captures on the interface, tcpdump's included).
     */
    static PcapPort open(String iface, int snaplen, int bufferBytes, String filter, int batchFrames, boolean bypassQdisc) {
        return open(iface, snaplen, bufferBytes, filter, batchFrames, bypassQdisc, 0);
    }

    /**
     * As {@link #open(String, int, int, String, int, boolean)}; a worker that finds no frame keeps asking
     * for {@code busyPollMicros} microseconds before it sleeps (0: it sleeps at once).
     */
    static PcapPort open(String iface, int snaplen, int bufferBytes, String filter, int batchFrames, boolean bypassQdisc,
                         int busyPollMicros) {
        PcapHandle h;
        try {
            h = new PcapHandle.Builder(iface).snaplen(snaplen).promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(TIMEOUT_MILLIS).bufferSize(bufferBytes).immediateMode(true)
                    .direction(PcapHandle.PcapDirection.IN).build();
        } catch (PcapNativeException | RuntimeException e) {
            throw new IllegalArgumentException("cannot capture on " + iface + ": " + e.getMessage()
                    + " (libpcap needs CAP_NET_RAW and CAP_NET_ADMIN, e.g. root)", e);
        }
        PcapPort p = null;
        try {
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            p = new PcapPort(h, snaplen, batchFrames);
            p.filter(filter);
        } catch (PcapNativeException | NotOpenException e) {
            closeAfterFailure(h, p);
            throw new IllegalArgumentException("cannot capture on " + iface + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAfterFailure(h, p);
            throw e;
        }
        if (bypassQdisc && !SendBatch.bypassQdisc(p.fd)) {
            LOG.warning("event=qdisc-bypass-refused iface=" + iface + ": frames go through the interface's qdisc");
        }
        p.busyPollNanos = Math.max(0, busyPollMicros) * 1000L;
        return p;
    }

    private static void closeAfterFailure(PcapHandle h, PcapPort p) {
        if (p != null) {
            p.close();
        } else {
            h.close();
        }
    }

    @Override
    public int receive(byte[] buf) {
        if (received.pending() == 0) {
            // what the frames fetched last time made goes out before more are fetched (as a NIC driver's
            // poll does): a frame waits at most one fetched batch, so round trips stay short under load
            flush();
            int rc = fetch();
            if (rc == 0) { // nothing yet: ask again for a while, then wait for the descriptor
                rc = busyPoll();
                if (rc == 0) {
                    sleep();
                    rc = fetch();
                }
            }
            if (rc <= 0) {
                return rc == 0 ? TIMEOUT : CLOSED;
            }
            if (rc > 1 && ahead != null) {
                showAhead();
            }
        }
        return received.next(buf);
    }

    /**
     * Waits in {@code poll} for the descriptor; a wait shorter than the busy-poll time means a spin would
     * have caught the frame, so a resting port spins again (two clock reads, only when busy polling is on).
     */
    private void sleep() {
        long asleep = busyPollNanos == 0 ? 0 : System.nanoTime();
        Libc.poll(pollfdAddress, 1, TIMEOUT_MILLIS);
        if (busyPollNanos != 0 && System.nanoTime() - asleep < busyPollNanos) {
            idleSpins = 0;
        }
    }

    /** Asks libpcap for the frames it has ready (see {@link ReceiveBatch#fetch}). */
    private int fetch() {
        fetches++;
        return received.fetch(pcap);
    }

    /** How many times the port asked libpcap for frames. */
    long fetches() {
        return fetches;
    }

    /**
     * Fetches until frames come, libpcap fails or the busy-poll time is over (0 then); at once 0 when
     * busy polling is off or resting (see {@link #idleSpins}).
     */
    private int busyPoll() {
        if (busyPollNanos == 0 || idleSpins >= IDLE_SPINS_BEFORE_REST) {
            return 0;
        }
        long until = System.nanoTime() + busyPollNanos;
        int rc;
        do {
            Thread.onSpinWait();
            rc = fetch(); // libpcap's non-blocking read: a look at the ring, a poll(2) of no wait when empty
        } while (rc == 0 && System.nanoTime() - until < 0);
        idleSpins = rc == 0 ? idleSpins + 1 : 0;
        return rc;
    }

    /** Shows the batch ahead; a failing hint must not cost the worker, so it is logged once and dropped. */
    private void showAhead() {
        try {
            received.ahead(ahead);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "frames shown ahead of receiving failed; no longer shown on this port", e);
            ahead = null;
        }
    }

    @Override
    public void ahead(Ahead ahead) {
        this.ahead = ahead;
    }

    @Override
    public int wireLength() {
        return received.wireLength();
    }

    /**
     * Queues the frame; the batch goes out when full (or see {@link FramePort#send}). A frame longer than
     * the batch's buffer (longer than the snap length plus a tunnel header) is refused at once.
     */
    @Override
    public void send(byte[] buf, int len, int tag, Outcomes outcomes) {
        if (!batch.canHold(len)) {
            outcomes.refused(tag, len);
            return;
        }
        if (!batch.fits(len)) {
            flush();
        }
        batch.add(buf, len, tag, outcomes);
        if (batch.size() == batch.capacity()) {
            flush();
        }
    }

    @Override
    public void flush() {
        if (batch.size() > 0) {
            batch.flush(fd);
        }
    }

    @Override
    public void filter(String expression) {
        flush();
        try {
            handle.setFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            throw new IllegalArgumentException("bad capture filter '" + expression + "': " + e.getMessage(), e);
        }
    }

    /** libpcap's counts for this handle: frames it received and frames the kernel dropped (ring full). */
    String stats() {
        try {
            PcapStat st = handle.getStats();
            return "libpcap: " + st.getNumPacketsReceived() + " received, " + st.getNumPacketsDropped() + " dropped by the kernel";
        } catch (PcapNativeException | NotOpenException e) {
            return "libpcap: no counts (" + e.getMessage() + ")";
        }
    }

    /** libpcap's last error text for this handle. */
    String error() {
        try {
            return handle.getError();
        } catch (NotOpenException e) {
            return "handle closed";
        }
    }

    @Override
    public void close() {
        if (handle.isOpen()) {
            flush();
        }
        handle.close();
        received.close();
    }
}
