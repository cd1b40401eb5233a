package org.rookery.autobind;

import java.util.ArrayList;
import java.util.List;

import org.rookery.api.model.PortRange;

/**
 * What must hold before a slice is applied: it covers no service port on the VIP and no privileged port. A port
 * this node listens on inside its own slice is no problem (the kernel never hands a bound port to an outgoing
 * connection, and a client reaches that listener at VIP:port through the port space); it is only shown.
 */
public final class SliceCheck {

    private SliceCheck() {
    }

    /**
     * The problems, one line each; empty when the slice may be applied.
     */
    public static List<String> problems(Slice slice) {
        List<String> out = new ArrayList<>();
        PortRange mine = slice.ports();
        for (PortRange s : slice.servicePorts()) {
            if (s.overlaps(mine)) {
                out.add("slice " + mine + " overlaps service port(s) " + s + (slice.vip() == null ? "" : " on " + slice.vip())
                        + ": replies to the service would be taken for this node's own connections; move the port space");
            }
        }
        if (mine.first() < 1024) {
            out.add("slice " + mine + " starts below 1024: privileged ports are not handed out by the kernel");
        }
        return out;
    }

    /** The ports of {@code listening} that lie in the slice (served at VIP:port through the port space). */
    public static List<Integer> inSlice(Slice slice, List<Integer> listening) {
        return listening.stream().filter(slice.ports()::contains).sorted().toList();
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
