/*
 * Source hashing (after net/netfilter/ipvs/ip_vs_sh.c), with a source prefix.
 *
 * ip_vs_sh.c hashes the client address into a table of 256 buckets, each naming a destination, so a
 * client keeps reaching the same server without any per-client state. Weights are honoured by
 * repetition: walking the destinations, each fills as many consecutive buckets as its weight. With
 * the sh-fallback flag, a client whose bucket names an unavailable destination (overloaded, weight
 * 0) is sent on to another bucket instead of being refused.
 *
 * Here the table has 256 buckets per member (at most 2^22 in all), so that shares can follow weights
 * finely: member i of weight w_i receives the buckets between floor(S * W_{i-1} / W) and
 * floor(S * W_i / W), W_i being the running sum of the weights, which gives every member its exact
 * share S * w_i / W to within one bucket. The filled table is then shuffled by a fixed-seed
 * permutation, so that a bucket's neighbours belong to members at random (see the fallback below).
 *
 * The table holds every member of weight above 0, usable or not, as ip_vs_sh.c holds every
 * destination. That is what makes the hash persistent: when a member goes down or drains, only its own
 * clients move, and they come back when it returns; had the table been rebuilt over the usable
 * members, every bucket boundary would shift and clients of healthy members would move too.
 * Fallback (always on, as with sh-fallback): when the bucket's member is not usable, walk on to the
 * next bucket whose member is; thanks to the shuffle those next buckets, and so the clients of a
 * down member, are spread over the others in proportion to their weights. Adding or removing a
 * member, or changing a weight, does rebuild the table and moves most clients, as in ip_vs_sh.c;
 * maglev is the policy that keeps such moves minimal.
 *
 * Persistence per client subnet: the hash is key.sourceHash64(prefix) with the option sh.prefix (IPv4
 * prefix length, default 32) or sh.prefix6 (IPv6, default 128), so with sh.prefix=24 all clients of
 * one /24 reach the same member. A bucket is chosen by the high 32 bits of the hash scaled to S
 * (multiply and shift) rather than by a division.
 */
package org.rookery.policy.sh;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Source hashing with a source prefix, weights and fallback; registered as {@code sh}. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + SourceHashPolicy.NAME)
public class SourceHashPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "sh";

    /** Option: IPv4 source prefix length hashed, 0-32, default 32. */
    public static final String PREFIX = "sh.prefix";

    /** Option: IPv6 source prefix length hashed, 0-128, default 128. */
    public static final String PREFIX6 = "sh.prefix6";

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Builds the bucket table over the members of weight above 0; rejects bad prefix lengths. */
    @Override
    public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
        int prefix = prefix(options, PREFIX, 32);
        int prefix6 = prefix(options, PREFIX6, 128);
        return new SourceHashSelector(members, BucketTable.build(members), prefix, prefix6);
    }

    private static int prefix(Map<String, String> options, String name, int max) {
        String text = options.get(name);
        if (text == null || text.isBlank()) {
            return max;
        }
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw new IllegalArgumentException(name + " must be a prefix length from 0 to " + max + ", not '" + text + "'");
    }
}
