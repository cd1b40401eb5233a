package org.rookery.capture.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the front-end's host (its network namespace) says about itself: interfaces, their MAC, IPv4
 * address and MTU, all local addresses, and the kernel settings under {@code /proc} the packet
 * datapath depends on. The {@code /proc} root is a parameter so tests can fake it.
 */
class Host {

    private final Path proc;

    /** The host as {@code /proc} shows it. */
    Host(Path proc) {
        this.proc = proc;
    }

    /** The real host. */
    static Host system() {
        return new Host(Path.of("/proc"));
    }

    /** {@code /proc/net/arp}. */
    Path arpTable() {
        return proc.resolve("net/arp");
    }

    /** {@code /proc/net/route}. */
    Path routeTable() {
        return proc.resolve("net/route");
    }

    /** The interface, or null when there is none of that name in this namespace. */
    NetworkInterface nic(String name) {
        try {
            return NetworkInterface.getByName(name);
        } catch (SocketException e) {
            return null;
        }
    }

    /** True when the interface is administratively up. */
    boolean isUp(String name) {
        try {
            NetworkInterface n = nic(name);
            return n != null && n.isUp();
        } catch (SocketException e) {
            return false;
        }
    }

    /** The interface's MAC as a long, 0 when it has none. */
    long mac(String name) {
        try {
            NetworkInterface n = nic(name);
            byte[] b = n == null ? null : n.getHardwareAddress();
            long mac = 0;
            for (int i = 0; b != null && i < b.length; i++) {
                mac = mac << 8 | (b[i] & 0xFF);
            }
            return mac;
        } catch (SocketException e) {
            return 0;
        }
    }

    /** The interface's first IPv4 address as an int, 0 when it has none. */
    int ipv4(String name) {
        NetworkInterface n = nic(name);
        if (n == null) {
            return 0;
        }
        for (InterfaceAddress a : n.getInterfaceAddresses()) {
            if (a.getAddress() instanceof Inet4Address v4) {
                return java.nio.ByteBuffer.wrap(v4.getAddress()).getInt();
            }
        }
        return 0;
    }

    /** The interface's MTU, 1500 when unknown. */
    int mtu(String name) {
        try {
            NetworkInterface n = nic(name);
            return n == null ? 1500 : n.getMTU();
        } catch (SocketException e) {
            return 1500;
        }
    }

    /** Every IPv4 address of every interface, as ints. */
    int[] localAddresses() {
        List<Integer> out = new ArrayList<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : n.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4) {
                        out.add(java.nio.ByteBuffer.wrap(v4.getAddress()).getInt());
                    }
                }
            }
        } catch (SocketException e) {
            // none readable: the datapath then treats no address as local
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The name of the interface holding an IPv4 address, or null. */
    String holderOf(int address) {
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : n.getInterfaceAddresses()) {
                    if (a.getAddress() instanceof Inet4Address v4 && java.nio.ByteBuffer.wrap(v4.getAddress()).getInt() == address) {
                        return n.getName();
                    }
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }

    /** {@code net.ipv4.conf.IFACE.forwarding}: 1, 0, or -1 when unreadable. */
    int forwarding(String iface) {
        try {
            return Integer.parseInt(Files.readString(proc.resolve("sys/net/ipv4/conf/" + iface + "/forwarding")).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
