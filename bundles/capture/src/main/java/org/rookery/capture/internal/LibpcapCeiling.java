package org.rookery.capture.internal;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.rookery.packet.Bytes;
import org.rookery.packet.Checksums;
import org.rookery.packet.Macs;

/**
 * The raw libpcap ceiling of an interface, measured with the datapath's own port ({@link PcapPort}:
 * batched {@code pcap_dispatch} receive, batched {@code sendmmsg} send, qdisc bypass, busy polling):
 * how many 60-byte frames a second one thread sends, or receives and drops (counted from the first
 * frame to the last), with no decision and no rewrite. The packet benchmark ({@code testbed/bench.sh --ceiling}) runs it off the bundle's jar:
 * {@code java -cp CAPTURE:PCAP4J:JNA org.rookery.capture.internal.LibpcapCeiling send IF SECONDS DST_MAC}
 * or {@code ... receive IF SECONDS} (UDP to port 9). Not used inside the framework.
 */
public final class LibpcapCeiling {

    private static final int SNAPLEN = 1518;
    private static final int FRAME = 60;

    private LibpcapCeiling() {
    }

    /** Sends or receives for the given seconds; prints frames and frames a second, or the usage on bad arguments. */
    public static void main(String[] args) {
        String verb = args.length > 0 ? args[0] : "";
        if (!(verb.equals("send") && args.length == 4 || verb.equals("receive") && args.length == 3)) {
            System.err.println("usage: LibpcapCeiling send IFACE SECONDS DST_MAC | receive IFACE SECONDS");
            System.exit(2);
        }
        long seconds;
        try {
            seconds = Long.parseLong(args[2]);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds <= 0) {
            System.err.println("LibpcapCeiling: SECONDS must be a whole number above 0, not '" + args[2] + "'");
            System.exit(2);
        }
        try {
            System.out.println(verb.equals("send") ? send(args[1], seconds, args[3]) : receive(args[1], seconds));
        } catch (IllegalArgumentException e) {
            System.err.println("LibpcapCeiling: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String send(String iface, long seconds, String dstMac) {
        byte[] frame = frame(dstMac, Host.system().mac(iface));
        OutcomeCounts outcomes = new OutcomeCounts();
        try (PcapPort p = PcapPort.open(iface, SNAPLEN, 1 << 20, InterfaceTable.NOTHING, PcapPort.DEFAULT_BATCH, true, 0)) {
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                for (int i = 0; i < 1024; i++) {
                    p.send(frame, frame.length, 0, outcomes);
                }
            }
            p.flush();
            double s = (System.nanoTime() - start) / 1e9;
            return String.format(Locale.ROOT, "pcap send    %s: %d frames of %d bytes in %.1f s = %.0f frames/s (%d refused by the kernel)",
                    iface, outcomes.sent, FRAME, s, outcomes.sent / s, outcomes.refused);
        }
    }

    private static String receive(String iface, long seconds) {
        try (PcapPort p = PcapPort.open(iface, SNAPLEN, 8 << 20, "udp and dst port 9", PcapPort.DEFAULT_BATCH, true, 50)) {
            byte[] buf = new byte[SNAPLEN];
            long n = 0;
            long first = 0;
            long last = 0;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            for (long now; (now = System.nanoTime()) < end; ) {
                if (p.receive(buf) > 0) {
                    if (n++ == 0) {
                        first = now;
                    }
                    last = now;
                }
            }
            // the rate while frames came: the sender starts later and may stop earlier than the receiver
            double s = (last - first) / 1e9;
            return String.format(Locale.ROOT, "pcap receive %s: %d frames of %d bytes in %.1f s from the first to the last = %.0f frames/s, %s",
                    iface, n, FRAME, s, s > 0 ? n / s : 0, p.stats());
        }
    }

    /** 60 bytes: Ethernet, IPv4 10.91.0.2 to 10.91.0.250 (no address of the receiver), UDP to port 9. */
    private static byte[] frame(String dstMac, long srcMac) {
        byte[] f = new byte[FRAME];
        Bytes.put48(f, 0, Macs.parse(dstMac));
        Bytes.put48(f, 6, srcMac);
        f[12] = 0x08;
        byte[] ip = {0x45, 0, 0, 46, 0, 1, 0, 0, 64, 17, 0, 0, 10, 91, 0, 2, 10, 91, 0, (byte) 250};
        System.arraycopy(ip, 0, f, 14, 20);
        Bytes.put16(f, 24, Checksums.compute(f, 14, 20));
        byte[] udp = {(byte) 0x9c, 0x40, 0, 9, 0, 26, 0, 0};
        System.arraycopy(udp, 0, f, 34, 8);
        return f;
    }
}
