import java.util.concurrent.TimeUnit;

import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;
import org.pcap4j.core.Pcaps;

/**
 * The raw libpcap ceiling on a veth, through pcap4j as the packet datapath uses it: how many frames per
 * second one thread can send ({@code pcap_sendpacket}) or receive ({@code pcap_next_ex}). Run with
 * {@code java -cp PCAP4J:JNA PcapRate.java send IF SECONDS DST_MAC} or {@code receive IF SECONDS}.
 */
public final class PcapRate {

    /** Sends or receives for the given seconds and prints frames and frames per second. */
    public static void main(String[] args) throws Exception {
        String verb = args[0];
        PcapNetworkInterface nif = Pcaps.getDevByName(args[1]);
        long seconds = Long.parseLong(args[2]);
        try (PcapHandle h = nif.openLive(2048, PcapNetworkInterface.PromiscuousMode.PROMISCUOUS, 10)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long n = 0;
            long start = System.nanoTime();
            if (verb.equals("send")) {
                byte[] frame = frame(args[3], nif.getLinkLayerAddresses().get(0).getAddress());
                while (System.nanoTime() < end) {
                    for (int i = 0; i < 1000; i++) {
                        h.sendPacket(frame);
                    }
                    n += 1000;
                }
            } else {
                h.setFilter("udp and dst port 9", org.pcap4j.core.BpfProgram.BpfCompileMode.OPTIMIZE);
                while (System.nanoTime() < end) {
                    if (h.getNextRawPacket() != null) {
                        n++;
                    }
                }
            }
            double s = (System.nanoTime() - start) / 1e9;
            String extra = "";
            if (!verb.equals("send")) {
                PcapStat st = h.getStats();
                extra = String.format(", libpcap: %d received, %d dropped by the kernel", st.getNumPacketsReceived(), st.getNumPacketsDropped());
            }
            System.out.printf("pcap %-7s %s: %d frames of 60 bytes in %.1f s = %.0f frames/s%s%n", verb, args[1], n, s, n / s, extra);
        }
    }

    // 60 bytes: Ethernet, IPv4 10.91.0.2 -> 10.91.0.250 (not an address of the front-end), UDP to port 9
    private static byte[] frame(String dstMac, byte[] srcMac) {
        byte[] f = new byte[60];
        String[] d = dstMac.split(":");
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) Integer.parseInt(d[i], 16);
        }
        System.arraycopy(srcMac, 0, f, 6, 6);
        f[12] = 0x08;
        byte[] ip = {0x45, 0, 0, 46, 0, 1, 0, 0, 64, 17, 0, 0, 10, 91, 0, 2, 10, 91, 0, (byte) 250};
        int sum = 0;
        for (int i = 0; i < 20; i += 2) {
            sum += ((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff);
        }
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        ip[10] = (byte) (~sum >> 8);
        ip[11] = (byte) ~sum;
        System.arraycopy(ip, 0, f, 14, 20);
        byte[] udp = {(byte) 0x9c, 0x40, 0, 9, 0, 26, 0, 0};
        System.arraycopy(udp, 0, f, 34, 8);
        return f;
    }
}
