package org.rookery.autobind;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.rookery.api.model.PortRange;

/**
 * Applies a node's slice to the node: checks it, writes {@code ip_local_port_range}, and (when asked and a
 * VIP is known) gives the default route {@code src VIP}. {@link #show()} tells what is applied and what is not.
 */
public final class Autobind {

    private final Slice slice;
    private final Path proc;
    private final boolean route;

    /**
     * @param proc the /proc root ({@code /proc} on a node)
     * @param route whether {@link #apply()} sets the default route's source to the VIP
     */
    public Autobind(Slice slice, Path proc, boolean route) {
        this.slice = slice;
        this.proc = proc;
        this.route = route;
    }

    /** The slice. */
    public Slice slice() {
        return slice;
    }

    /** The problems that keep {@link #apply()} from applying, one line each. */
    public List<String> problems() {
        return SliceCheck.problems(slice);
    }

    /** The ports this node listens on (TCP, IPv4 and IPv6) inside its slice. */
    public List<Integer> listenersInSlice() throws IOException {
        List<Integer> listening = new ArrayList<>(SliceCheck.listening(read("net/tcp")));
        for (int p : SliceCheck.listening(read("net/tcp6"))) {
            if (!listening.contains(p)) {
                listening.add(p);
            }
        }
        return SliceCheck.inSlice(slice, listening);
    }

    /** What is set now against what the slice wants, one line each. */
    public String show() throws IOException {
        StringBuilder sb = new StringBuilder();
        PortRange want = slice.ports();
        sb.append("slice: index ").append(slice.index()).append(" ports ").append(want).append(" (port space base ")
                .append(slice.space().base()).append(" slice ").append(slice.space().slice()).append(")\n");
        PortRange now = LocalPortRange.read(sysctl());
        sb.append("ip_local_port_range: ").append(now.first()).append('-').append(now.last())
                .append(now.equals(want) ? " (applied)" : " (not applied; autobind apply)").append('\n');
        if (slice.vip() != null) {
            boolean local = isLocal(slice.vip());
            // without the route the VIP is only shown: a nat front-end gives the node's outgoing connections the VIP itself
            sb.append("vip: ").append(slice.vip()).append(local ? " (an address of this node)"
                    : route ? " (NOT an address of this node: ip addr add " + slice.vip() + "/32 dev lo)"
                    : " (not on this node: right for nat, where the front-end gives outgoing connections the VIP; for dr"
                            + " or tun add it to lo and use --route)").append('\n');
            String src;
            try {
                src = SourceRoute.currentSource(SourceRoute.run(List.of("ip", "route", "show", "default")));
            } catch (IOException e) {
                src = "unknown (" + e.getMessage() + ")";
            }
            sb.append("default route source: ").append(src == null ? "none" : src)
                    .append(slice.vip().equals(src) ? " (applied)" : route ? " (not applied; autobind apply)" : " (route off)").append('\n');
        } else {
            sb.append("vip: none given; source addresses are left to the routes\n");
        }
        List<Integer> listeners = listenersInSlice();
        if (!listeners.isEmpty()) {
            sb.append("listening in the slice: ").append(listeners)
                    .append(" (reached at the VIP through the port space; the kernel does not hand them out)\n");
        }
        List<String> problems = problems();
        sb.append("problems: ").append(problems.isEmpty() ? "none" : String.join("; ", problems));
        return sb.toString();
    }

    /** Checks, then applies; on a problem nothing is changed and the problems are thrown as one message. */
    public String apply() throws IOException {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("slice not applied: " + String.join("; ", problems));
        }
        List<String> done = new ArrayList<>();
        List<String> routeCmd = null;
        if (route && slice.vip() != null) {
            if (!isLocal(slice.vip())) {
                throw new IllegalStateException("slice not applied: VIP " + slice.vip() + " is not an address of this node;"
                        + " add it first: ip addr add " + slice.vip() + "/32 dev lo");
            }
            routeCmd = SourceRoute.command(SourceRoute.run(List.of("ip", "route", "show", "default")), slice.vip());
        }
        LocalPortRange.write(sysctl(), slice.ports());
        done.add("ip_local_port_range " + slice.ports().first() + "-" + slice.ports().last());
        if (routeCmd != null) {
            SourceRoute.run(routeCmd);
            done.add("default route src " + slice.vip());
        } else if (route && slice.vip() != null) {
            done.add("no default route: source address left alone");
        }
        return "applied: " + String.join(", ", done);
    }

    private Path sysctl() {
        return proc.resolve("sys/net/ipv4/ip_local_port_range");
    }

    private String read(String file) throws IOException {
        try {
            return LocalPortRange.readAll(proc.resolve(file));
        } catch (NoSuchFileException e) {
            return "";
        }
    }

    private static boolean isLocal(String address) {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByName(address)) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
