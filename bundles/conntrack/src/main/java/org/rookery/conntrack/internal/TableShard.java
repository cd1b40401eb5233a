package org.rookery.conntrack.internal;

import java.util.concurrent.locks.StampedLock;

import org.rookery.api.conntrack.ConnectionTable;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;

/**
 * One shard of the table: an IPv4 and an IPv6 slot table under one lock, with its share of the
 * capacity, its own counters and its own per-node counts (all summed across shards on read).
 *
 * <p>Why an exclusive lock even for lookups: a hit changes the flow (state, expiry, packet count), and a
 * concurrent backward shift may move the slot under an unlocked writer, which would then refresh some
 * other flow. The lock is uncontended in the common case (shards outnumber datapath threads), so it
 * costs one compare-and-set.
 *
 * <p>IPv4 slots are allocated for the whole share up front (the common case, and growing under a flood
 * would stall the datapath); IPv6 slots start small and double on demand, so an IPv4-only front-end
 * does not pay 72 bytes a flow for an empty IPv6 table.
 */
final class TableShard {

    /** Returned when this shard was copied into a successor table; the caller retries there. */
    static final int RETIRED = -2;

    /** The optimistic path could not answer; the locked path will. Never returned to callers. */
    private static final int RETRY = -3;

    private static final int V6_INITIAL_SLOTS = 64;

    final StampedLock lock = new StampedLock();
    final V4Slots v4;
    final V6Slots v6;
    final int capacity;
    private final Eviction eviction = new Eviction();
    final NodeCounts nodes = new NodeCounts();
    boolean retired;
    /** Whether the last {@link #put} stored a new flow (rather than finding one or failing). */
    private boolean added;
    /** Where a warm leaves what it read ({@link #peek}); never read. */
    int warmed;
    /** The latest tick a lookup, insert or sweep was given. */
    int lastNow;
    long lookups;
    long hits;
    long inserts;
    long evictions;
    long expirations;
    long full;

    TableShard(int capacity, long seed) {
        this.capacity = capacity;
        int maxSlots = capacity + capacity / 2 + 1;
        this.v4 = new V4Slots(maxSlots, maxSlots, seed);
        this.v6 = new V6Slots(V6_INITIAL_SLOTS, maxSlots, seed);
    }

    /**
     * Reads the first word of the flow's home slot and the last of the slot after it, which cover where a
     * lookup finds the flow nearly always (at a load of 2/3, linear probing takes 2 probes on average for
     * a hit). Unlocked and unvalidated: the values mean nothing, and a slot array being replaced (IPv6
     * growth) at worst warms the wrong line. Returns their sum, for the caller to store somewhere so the
     * reads are not optimised away.
     */
    int peek(int family, long hash) {
        SlotTable t = family == IpAddress.V4 ? v4 : v6;
        int[] w = t.a;
        int first = t.home(hash) * t.stride;
        int last = first + 2 * t.stride - 1;
        return first >= 0 && last < w.length ? w[first] + w[last] : 0;
    }

    /** See {@link ConnectionTable#lookup}; {@code now} is in table ticks. */
    int lookup(FlowKey key, long hash, int now, Timeouts timeouts) {
        if (key.family() == IpAddress.V4) {
            long stamp = lock.tryOptimisticRead();
            if (stamp != 0L) {
                int node = refreshOptimistically(key, hash, now, timeouts, stamp);
                if (node != RETRY) {
                    return node;
                }
            }
        }
        return lookupLocked(key, hash, now, timeouts);
    }

    /**
     * The established IPv4 flow, the hot path's common case, without the lock's compare-and-set: find
     * the slot under an optimistic stamp, refresh its expiry and packet count with plain writes, and keep
     * the answer only if no writer held the lock meanwhile. Why: a locked instruction per packet is a
     * full fence on x86, so each lookup's cache miss had to complete before the next lookup could start;
     * without it the processor overlaps the misses of consecutive packets.
     *
     * <p>A miss is answered here too, once validated. Anything else takes the locked way: an expired flow,
     * a TCP state change, an IPv6 flow (its slot array grows, so its length and contents are not stable
     * under an optimistic read; IPv4 slots are allocated once), a stamp that did not validate, or a
     * refresh that would shorten the expiry (the timeouts were lowered). The race that remains is
     * benign: a writer taking the lock between the validation and the plain writes may have moved the
     * slot (backward shift), so the refresh lands on another flow. That write only ever extends an
     * expiry (never shortens one) and adds one packet, and the second validation sends this lookup
     * through the locked way again so its own flow is refreshed. The
     * lookups and hits counted here are plain increments: two threads on one shard at the same instant
     * may lose one, which keeps atomic instructions off the hot path (shards outnumber threads).
     */
    private int refreshOptimistically(FlowKey key, long hash, int now, Timeouts timeouts, long stamp) {
        if (retired) {
            return RETRY;
        }
        V4Slots t = v4;
        int i = t.find(key, hash);
        if (i < 0) {
            if (!lock.validate(stamp)) {
                return RETRY;
            }
            // A validated miss is a miss: nothing stored for the key, nothing expired to reclaim.
            lookups++;
            lastNow = now;
            return ConnectionTable.MISS;
        }
        int m = t.meta(i);
        if (t.expiry(i) - now <= 0) {
            return RETRY;
        }
        boolean quoted = key.icmpError();
        int state = SlotMeta.state(m);
        if (!quoted && TcpStates.next(state, key.tcpFlags()) != state) {
            return RETRY;
        }
        if (!lock.validate(stamp)) {
            return RETRY;
        }
        if (!quoted) {
            // An ICMP error quotes the flow; it neither advances nor refreshes it, as in IPVS.
            if (!t.extend(i, now + timeouts.millisOf(state)) || !lock.validate(stamp)) {
                return RETRY;
            }
        }
        lookups++;
        hits++;
        lastNow = now;
        return SlotMeta.node(m);
    }

    private int lookupLocked(FlowKey key, long hash, int now, Timeouts timeouts) {
        long stamp = lock.writeLock();
        try {
            if (retired) {
                return RETIRED;
            }
            lookups++;
            lastNow = now;
            SlotTable t;
            int i;
            if (key.family() == IpAddress.V4) {
                t = v4;
                i = v4.find(key, hash);
            } else {
                t = v6;
                i = v6.find(key, hash);
            }
            if (i < 0) {
                return ConnectionTable.MISS;
            }
            int m = t.meta(i);
            if (t.expiry(i) - now <= 0) {
                drop(t, i, m);
                expirations++;
                return ConnectionTable.MISS;
            }
            hits++;
            if (!key.icmpError()) {
                // An ICMP error quotes the flow; it neither advances nor refreshes it, as in IPVS.
                int state = SlotMeta.state(m);
                int next = TcpStates.next(state, key.tcpFlags());
                if (next != state) {
                    t.setState(i, m, next);
                    nodes.move(SlotMeta.node(m), state, next);
                }
                t.touch(i, now + timeouts.millisOf(next));
            }
            return SlotMeta.node(m);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** See {@link ConnectionTable#insert}. */
    int insert(FlowKey key, long hash, int node, int now, Timeouts timeouts, boolean evictEstablished) {
        long stamp = lock.writeLock();
        try {
            if (retired) {
                return RETIRED;
            }
            lastNow = now;
            int state = TcpStates.initial(key.protocol(), key.tcpFlags());
            int meta = SlotMeta.pack(node, key.protocol(), state);
            int stored = put(key, hash, meta, now + timeouts.millisOf(state), 1, now, evictEstablished);
            if (added) {
                inserts++;
            }
            return stored;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Stores a flow unless it is already live; returns the node stored for it or MISS. Under the lock. */
    int put(FlowKey key, long hash, int meta, int expiry, int packets, int now, boolean evictEstablished) {
        added = false;
        SlotTable t = key.family() == IpAddress.V4 ? v4 : v6;
        int i = t.find(key, hash);
        if (i >= 0) {
            int m = t.meta(i);
            if (t.expiry(i) - now > 0) {
                return SlotMeta.node(m);
            }
            drop(t, i, m);
            expirations++;
            i = t.find(key, hash);
        }
        if (v4.count + v6.count >= capacity) {
            if (!makeRoom(t, hash, now, evictEstablished)) {
                full++;
                return ConnectionTable.MISS;
            }
            i = t.find(key, hash);
        }
        if (t.needsGrowth()) {
            t.grow();
            i = t.find(key, hash);
        }
        int node = SlotMeta.node(meta);
        nodes.ensure(node);
        t.insertAt(~i, key, meta, expiry, packets);
        nodes.add(node, SlotMeta.state(meta), 1);
        added = true;
        return node;
    }

    private boolean makeRoom(SlotTable own, long hash, int now, boolean evictEstablished) {
        Eviction e = eviction;
        e.reset(now);
        e.choose(own, own.home(hash), v4, v6);
        if (e.slot < 0 || (e.rank == Eviction.ACTIVE && !evictEstablished)) {
            return false;
        }
        if (e.rank == Eviction.EXPIRED) {
            expirations++;
        } else {
            evictions++;
        }
        drop(e.table, e.slot, e.table.meta(e.slot));
        return true;
    }

    /**
     * Forgets a flow; see {@link ConnectionTable#remove}. Returns 1 if removed, 0 if absent or already
     * expired (judged by the latest time this shard was given, as the call carries none), or RETIRED.
     */
    int remove(FlowKey key, long hash) {
        long stamp = lock.writeLock();
        try {
            if (retired) {
                return RETIRED;
            }
            SlotTable t = key.family() == IpAddress.V4 ? v4 : v6;
            int i = t.find(key, hash);
            if (i < 0) {
                return 0;
            }
            int m = t.meta(i);
            boolean live = t.expiry(i) - lastNow > 0;
            drop(t, i, m);
            if (!live) {
                expirations++;
            }
            return live ? 1 : 0;
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    /** Removes a slot and its node count. Under the lock. */
    void drop(SlotTable t, int slot, int meta) {
        nodes.add(SlotMeta.node(meta), SlotMeta.state(meta), -1);
        t.removeAt(slot);
    }

    /** Bytes held by this shard's arrays. */
    long footprintBytes() {
        return v4.footprintBytes() + v6.footprintBytes() + nodes.footprintBytes();
    }
}
