package org.rookery.capture.internal;

import java.io.IOException;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.rookery.api.model.IpAddress;
import org.rookery.packet.Macs;

/**
 * IPv4 address to MAC, the front-end's own neighbour table for one interface: filled from the
 * kernel's ({@code /proc/net/arp}), from ARP replies and requests seen on the wire, and from the
 * source of the frames that arrive (the MAC a client's frames come from is where its replies go,
 * itself or its router). Lookups are allocation-free and lock-free; writers take a lock and bump a
 * sequence number readers check, so a reader never sees one address with another's MAC. Bounded:
 * a full neighbourhood evicts the entry at the home slot.
 */
final class Neighbours {

    /** From {@link #lookup}: not known. */
    static final long UNKNOWN = -1;

    private static final int PROBES = 8;

    private final int mask;
    private final int[] addresses;
    private final long[] macs;
    private volatile int sequence;

    /** A table of {@code capacity} entries, rounded up to a power of two. */
    Neighbours(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        mask = size - 1;
        addresses = new int[size];
        macs = new long[size];
        java.util.Arrays.fill(macs, UNKNOWN);
    }

    /** The MAC of an IPv4 address (as an int), or {@link #UNKNOWN}. */
    long lookup(int address) {
        while (true) {
            int before = sequence;
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long mac = UNKNOWN;
            int home = slot(address);
            for (int i = 0; i < PROBES; i++) {
                int s = (home + i) & mask;
                if (addresses[s] == address && macs[s] != UNKNOWN) {
                    mac = macs[s];
                    break;
                }
            }
            VarHandle.acquireFence(); // the reads above happen before the sequence is checked again
            if (sequence == before) {
                return mac;
            }
        }
    }

    /** Records a mapping, unless it is already there (the common case costs one lookup). */
    void learn(int address, long mac) {
        if (address == 0 || mac == 0 || (mac & 0x0100_0000_0000L) != 0 || lookup(address) == mac) {
            return; // 0.0.0.0 (an ARP probe), a zero or multicast/broadcast MAC: nothing to learn
        }
        put(address, mac);
    }

    private synchronized void put(int address, long mac) {
        int home = slot(address);
        int target = home;
        for (int i = 0; i < PROBES; i++) {
            int s = (home + i) & mask;
            if (addresses[s] == address || macs[s] == UNKNOWN) {
                target = s;
                break;
            }
        }
        sequence++;
        addresses[target] = address;
        macs[target] = mac;
        sequence++;
    }

    private int slot(int address) {
        return (int) org.rookery.api.model.FlowKey.mix(address & 0xFFFFFFFFL) & mask;
    }

    /**
     * Reads the kernel's neighbour table for {@code iface} (complete entries only) from a file in
     * {@code /proc/net/arp}'s format; a missing or unreadable file adds nothing.
     */
    void loadKernelTable(Path procNetArp, String iface) {
        List<String> lines;
        try {
            lines = Files.readAllLines(procNetArp);
        } catch (IOException e) {
            return;
        }
        for (String line : lines) {
            // IP address  HW type  Flags  HW address  Mask  Device
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[5].equals(iface) || !"0x2".equals(f[2]) && !"0x6".equals(f[2])) {
                continue; // the header, another interface, or an incomplete entry (flags 0x0)
            }
            try {
                IpAddress a = IpAddress.parse(f[0]);
                if (a.isV4()) {
                    learn((int) a.lo(), Macs.parse(f[3]));
                }
            } catch (IllegalArgumentException e) {
                // not an entry
            }
        }
    }
}
