package org.rookery.autobind;

import java.util.ArrayList;
import java.util.List;

import org.rookery.api.model.PortRange;

/** What must hold before a slice is applied: it does not cover a service port or a port this node listens on. */
public final class SliceCheck {

    private SliceCheck() {
    }

    /**
     * The problems, one line each; empty when the slice may be applied.
     *
     * @param listening ports this node listens on (TCP), e.g. from {@code /proc/net/tcp}
     */
    public static List<String> problems(Slice slice, List<Integer> listening) {
        List<String> out = new ArrayList<>();
        PortRange mine = slice.ports();
        for (PortRange s : slice.servicePorts()) {
            if (s.overlaps(mine)) {
                out.add("slice " + mine + " overlaps service port(s) " + s + (slice.vip() == null ? "" : " on " + slice.vip())
                        + ": replies to the service would be taken for this node's own connections; move the port space");
            }
        }
        for (int p : listening) {
            if (mine.contains(p)) {
                out.add("port " + p + " of slice " + mine + " is a listening port on this node: its connections would"
                        + " collide with outgoing ones");
            }
        }
        if (mine.first() < 1024) {
            out.add("slice " + mine + " starts below 1024: privileged ports are not handed out by the kernel");
        }
        return out;
    }

    /** The TCP ports in LISTEN state in a {@code /proc/net/tcp} or {@code tcp6} table. */
    public static List<Integer> listening(String table) {
        List<Integer> out = new ArrayList<>();
        String[] lines = table.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].trim().split("\\s+");
            if (f.length >= 4 && f[3].equals("0A")) { // 0A = TCP_LISTEN
                int colon = f[1].lastIndexOf(':');
                int port = Integer.parseInt(f[1].substring(colon + 1), 16);
                if (!out.contains(port)) {
                    out.add(port);
                }
            }
        }
        return out;
    }
}
