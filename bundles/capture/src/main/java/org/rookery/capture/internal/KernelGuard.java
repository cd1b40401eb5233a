package org.rookery.capture.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortRange;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Protocol;
import org.rookery.api.model.VirtualService;

/**
 * Keeps the kernel of the front-end off the frames Rookery forwards when the VIP is also configured
 * on the host (as keepalived does): libpcap's taps see a frame before the netdev ingress hook, so an
 * nftables table {@code netdev rookery-IFACE} dropping the services' TCP and UDP ports (and the
 * private port space) to the VIPs there leaves the frame to Rookery and stops the kernel answering it
 * with a reset or an ICMP error. Installed atomically when a capture starts or changes, deleted when it
 * stops. Without a local VIP the kernel drops these frames anyway, so a missing {@code nft} only matters then.
 */
class KernelGuard {

    /** The table's name for an interface. */
    static String table(String iface) {
        return "rookery-" + iface;
    }

    /** The nft script that replaces the interface's table with one dropping the services' traffic. */
    static String script(String iface, List<VirtualService> services, PortSpace space) {
        TreeSet<String> vips = new TreeSet<>();
        List<String> tcp = new ArrayList<>();
        List<String> udp = new ArrayList<>();
        for (VirtualService s : services) {
            vips.add(s.vip().toString());
            (s.protocol() == Protocol.UDP ? udp : tcp).add(range(s.ports()));
        }
        if (!space.disabled() && space.slices() > 0) {
            String all = range(new PortRange(space.base(), space.base() + space.slices() * space.slice() - 1));
            tcp.add(all);
            udp.add(all);
        }
        String t = table(iface);
        StringBuilder sb = new StringBuilder();
        sb.append("table netdev ").append(t).append("\n");
        sb.append("delete table netdev ").append(t).append("\n");
        sb.append("table netdev ").append(t).append(" {\n");
        sb.append("  chain ingress {\n");
        sb.append("    type filter hook ingress device \"").append(iface).append("\" priority -500; policy accept;\n");
        String daddr = "ip daddr { " + String.join(", ", vips) + " }";
        if (!tcp.isEmpty()) {
            sb.append("    ").append(daddr).append(" tcp dport { ").append(join(tcp)).append(" } drop\n");
        }
        if (!udp.isEmpty()) {
            sb.append("    ").append(daddr).append(" udp dport { ").append(join(udp)).append(" } drop\n");
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    private static String range(PortRange r) {
        return r.first() == r.last() ? Integer.toString(r.first()) : r.first() + "-" + r.last();
    }

    private static String join(List<String> ports) {
        StringJoiner j = new StringJoiner(", ");
        new TreeSet<>(ports).forEach(j::add);
        return j.toString();
    }

    /** Installs the interface's table; returns null, or nft's complaint in one line. */
    String install(String iface, List<VirtualService> services, PortSpace space) {
        return nft(script(iface, services, space));
    }

    /** Deletes the interface's table (quietly when it is not there). */
    void remove(String iface) {
        String t = table(iface);
        nft("table netdev " + t + "\ndelete table netdev " + t + "\n");
    }

    /** Runs {@code nft -f -} with the script; null when it succeeded, else its first error line. */
    String nft(String script) {
        try {
            Process p = new ProcessBuilder("nft", "-f", "-").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "nft did not finish within 10 s";
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : "nft failed: " + (out.isEmpty() ? "exit " + p.exitValue() : out.lines().findFirst().orElse(""));
        } catch (IOException e) {
            return "cannot run nft (install nftables): " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while running nft";
        }
    }

    /** True when any of the services' VIPs is an address of this host. */
    static boolean anyLocal(List<VirtualService> services, Host host) {
        for (VirtualService s : services) {
            IpAddress v = s.vip();
            if (v.isV4() && host.holderOf((int) v.lo()) != null) {
                return true;
            }
        }
        return false;
    }
}
