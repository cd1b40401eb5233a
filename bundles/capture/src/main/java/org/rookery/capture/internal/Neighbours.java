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
 *
 * <p>Entries age as the kernel's do: one not confirmed (learnt again) for {@link #REACHABLE_NANOS} is
 * stale, still used, and the datapath asks for it again by ARP; one not confirmed for
 * {@link #FORGET_NANOS} is forgotten, so a node whose MAC changed (new hardware, same address) is found
 * again rather than sent to at its old MAC for ever. Times are the datapath's nanoTime.
 */
final class Neighbours {

    /** From {@link #lookup}: not known. */
    static final long UNKNOWN = -1;
    /** Set by {@link #lookupMarked} on the MAC of a stale entry (above a MAC's 48 bits). */
    static final long STALE = 1L << 62;
    /** A MAC's bits. */
    static final long MAC_BITS = 0xFFFF_FFFF_FFFFL;

    /** An entry older than this is stale: used, and asked for again (the kernel's base_reachable_time). */
    static final long REACHABLE_NANOS = 30_000_000_000L;
    /** An entry older than this is forgotten: the address is unknown until it answers again. */
    static final long FORGET_NANOS = 60_000_000_000L;
    /** A confirmation of the same MAC is written only when the entry is older than this: reads stay reads. */
    private static final long REFRESH_NANOS = 1_000_000_000L;

    private static final int PROBES = 8;

    private final int mask;
    private final int[] addresses;
    private final long[] macs;
    /** When each entry was last learnt or confirmed (nanoTime). */
    private final long[] confirmed;
    private volatile int sequence;

    /** A table of {@code capacity} entries, rounded up to a power of two. */
    Neighbours(int capacity) {
        int size = Integer.highestOneBit(Math.max(16, capacity - 1)) << 1;
        mask = size - 1;
        addresses = new int[size];
        macs = new long[size];
        confirmed = new long[size];
        java.util.Arrays.fill(macs, UNKNOWN);
    }

    /** The MAC of an IPv4 address (as an int), or {@link #UNKNOWN} when not known or forgotten by {@code now}. */
    long lookup(int address, long now) {
        long marked = lookupMarked(address, now);
        return marked == UNKNOWN ? UNKNOWN : marked & MAC_BITS;
    }

    /** True when the address is known but not confirmed for {@link #REACHABLE_NANOS}: time to ask again. */
    boolean stale(int address, long now) {
        long marked = lookupMarked(address, now);
        return marked != UNKNOWN && (marked & STALE) != 0;
    }

    /**
     * The MAC of an IPv4 address with {@link #STALE} set when it was not confirmed for
     * {@link #REACHABLE_NANOS}, or {@link #UNKNOWN}: both answers of the datapath's question in one probe.
     */
    long lookupMarked(int address, long now) {
        while (true) {
            int before = sequence;
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long marked = UNKNOWN;
            int s = find(address);
            if (s >= 0) {
                long age = now - confirmed[s];
                if (age < FORGET_NANOS) {
                    marked = age < REACHABLE_NANOS ? macs[s] : macs[s] | STALE;
                }
            }
            VarHandle.acquireFence(); // the reads above happen before the sequence is checked again
            if (sequence == before) {
                return marked;
            }
        }
    }

    /** The slot holding the address, or -1. */
    private int find(int address) {
        int home = slot(address);
        for (int i = 0; i < PROBES; i++) {
            int s = (home + i) & mask;
            if (addresses[s] == address && macs[s] != UNKNOWN) {
                return s;
            }
        }
        return -1;
    }

    /**
     * Records a mapping seen at {@code now}. The common case, the same MAC again, costs one probe and
     * writes only when the entry is a second old or more. The probe is not validated against writers:
     * racing one that just moved another address into the slot at worst keeps that entry a little
     * longer, or skips this confirmation until the next frame.
     */
    void learn(int address, long mac, long now) {
        if (address == 0 || mac == 0 || (mac & 0x0100_0000_0000L) != 0) {
            return; // 0.0.0.0 (an ARP probe), a zero or multicast/broadcast MAC: nothing to learn
        }
        int s = find(address);
        if (s >= 0 && macs[s] == mac && now - confirmed[s] < FORGET_NANOS) {
            if (now - confirmed[s] >= REFRESH_NANOS) {
                confirmed[s] = now;
            }
            return;
        }
        put(address, mac, now);
    }

    private synchronized void put(int address, long mac, long now) {
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
        confirmed[target] = now;
        sequence++;
    }

    private int slot(int address) {
        return (int) org.rookery.api.model.FlowKey.mix(address & 0xFFFFFFFFL) & mask;
    }

    /**
     * Reads the kernel's neighbour table for {@code iface} (complete entries only) from a file in
     * {@code /proc/net/arp}'s format, as confirmed at {@code now}; a missing or unreadable file adds nothing.
     */
    void loadKernelTable(Path procNetArp, String iface, long now) {
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
                    learn((int) a.lo(), Macs.parse(f[3]), now);
                }
            } catch (IllegalArgumentException e) {
                // not an entry
            }
        }
    }
}
