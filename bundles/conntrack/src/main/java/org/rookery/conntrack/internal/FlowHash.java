package org.rookery.conntrack.internal;

import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;

/**
 * Seeded 64-bit hashes of a flow, computable both from a {@link FlowKey} and from the words a slot
 * stores, so backward-shift deletion and resizing can find a stored entry's home without a key object.
 *
 * <p>The seed is secret per table: the SplitMix finaliser is a bijection, so with a known seed anyone
 * who can choose source addresses and ports (a spoofed SYN flood) could aim every flow at one cluster
 * of the open-addressing table and turn each lookup into a long scan.
 */
final class FlowHash {

    private FlowHash() {
    }

    /** Low bits choose the shard, high 32 bits the home slot, so the two are independent. */
    static long of(FlowKey key, long seed) {
        int ports = ports(key);
        if (key.family() == IpAddress.V4) {
            return v4((int) key.srcLo(), (int) key.dstLo(), ports, key.protocol(), seed);
        }
        if (key.family() == IpAddress.V6) {
            return v6(key.srcHi(), key.srcLo(), key.dstHi(), key.dstLo(), ports, key.protocol(), seed);
        }
        throw new IllegalArgumentException("flow key is empty; fill it with setV4 or setV6 first");
    }

    /** Source port in the high half, destination port in the low half. */
    static int ports(FlowKey key) {
        return key.srcPort() << 16 | (key.dstPort() & 0xFFFF);
    }

    static long v4(int src, int dst, int ports, int proto, long seed) {
        long addresses = (long) src << 32 | (dst & 0xFFFFFFFFL);
        long rest = (ports & 0xFFFFFFFFL) << 8 | (proto & 0xFF);
        return FlowKey.mix(addresses ^ FlowKey.mix(rest ^ seed));
    }

    static long v6(long srcHi, long srcLo, long dstHi, long dstLo, int ports, int proto, long seed) {
        long rest = (ports & 0xFFFFFFFFL) << 8 | (proto & 0xFF);
        long h = FlowKey.mix(srcHi ^ seed);
        h = FlowKey.mix(h ^ srcLo);
        h = FlowKey.mix(h ^ dstHi);
        h = FlowKey.mix(h ^ dstLo);
        return FlowKey.mix(h ^ rest);
    }
}
