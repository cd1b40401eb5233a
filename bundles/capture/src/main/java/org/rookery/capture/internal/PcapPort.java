package org.rookery.capture.internal;

import com.sun.jna.Pointer;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface.PromiscuousMode;

/**
 * A live libpcap handle on one interface for one capture worker: incoming frames only (so the frames
 * it sends are not read back), immediate mode, promiscuous mode off (frames for the front-end's MAC,
 * broadcasts and multicasts are all it needs), non-blocking with a poll of at most
 * {@link #TIMEOUT_MILLIS}, so the worker sees a stop request or a new configuration.
 * Receiving allocates nothing ({@link LibpcapReceive}); sending is pcap4j's {@code pcap_sendpacket}
 * over the caller's array, which allocates nothing either.
 */
final class PcapPort implements FramePort {

    /** Read timeout: how long a stop or a new filter may wait for an idle worker. */
    static final int TIMEOUT_MILLIS = 100;
    /** poll(2)'s "data to read" event, in the low half of the events/revents int (little-endian). */
    private static final int POLLIN = 0x1;

    private final PcapHandle handle;
    private final Pointer pcap;
    private final long[] header = new long[1];
    private final long[] data = new long[1];
    private final Pointer headerView = new Pointer(0);
    private final Pointer dataView = new Pointer(0);
    private final int[] pollfd = new int[2];
    private int wireLength;

    private PcapPort(PcapHandle handle) {
        this.handle = handle;
        this.pcap = LibpcapReceive.pcapT(handle);
        pollfd[0] = LibpcapReceive.pcap_get_selectable_fd(pcap);
    }

    /**
     * Opens {@code iface} with the filter; throws IllegalArgumentException with libpcap's reason (no
     * such device, no permission) in one line.
     */
    static PcapPort open(String iface, int snaplen, int bufferBytes, String filter) {
        PcapHandle h;
        try {
            h = new PcapHandle.Builder(iface).snaplen(snaplen).promiscuousMode(PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(TIMEOUT_MILLIS).bufferSize(bufferBytes).immediateMode(true)
                    .direction(PcapHandle.PcapDirection.IN).build();
        } catch (PcapNativeException | RuntimeException e) {
            throw new IllegalArgumentException("cannot capture on " + iface + ": " + e.getMessage()
                    + " (libpcap needs CAP_NET_RAW and CAP_NET_ADMIN, e.g. root)", e);
        }
        PcapPort p;
        try {
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            p = new PcapPort(h);
            p.filter(filter);
        } catch (PcapNativeException | NotOpenException e) {
            h.close();
            throw new IllegalArgumentException("cannot capture on " + iface + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
        return p;
    }

    @Override
    public int receive(byte[] buf) {
        int rc = LibpcapReceive.pcap_next_ex(pcap, header, data);
        if (rc == 0) { // nothing yet: wait for the descriptor, then try once more
            pollfd[1] = POLLIN;
            LibpcapReceive.poll(pollfd, TIMEOUT_MILLIS);
            rc = LibpcapReceive.pcap_next_ex(pcap, header, data);
        }
        if (rc == 1) {
            Pointer.nativeValue(headerView, header[0]);
            int caplen = headerView.getInt(LibpcapReceive.CAPLEN_OFFSET);
            wireLength = headerView.getInt(LibpcapReceive.CAPLEN_OFFSET + 4);
            int n = Math.min(caplen, buf.length);
            Pointer.nativeValue(dataView, data[0]);
            dataView.read(0, buf, 0, n);
            return n;
        }
        return rc == 0 ? TIMEOUT : CLOSED;
    }

    @Override
    public int wireLength() {
        return wireLength;
    }

    @Override
    public boolean send(byte[] buf, int len) {
        try {
            handle.sendPacket(buf, len);
            return true;
        } catch (PcapNativeException | NotOpenException e) {
            return false;
        }
    }

    @Override
    public void filter(String expression) {
        try {
            handle.setFilter(expression, BpfProgram.BpfCompileMode.OPTIMIZE);
        } catch (PcapNativeException | NotOpenException e) {
            throw new IllegalArgumentException("bad capture filter '" + expression + "': " + e.getMessage(), e);
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
        handle.close();
    }
}
