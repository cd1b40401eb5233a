/*
 * Weighted least connections (after net/netfilter/ipvs/ip_vs_wlc.c).
 *
 * IPVS ranks a destination by its connection overhead per unit of weight,
 *
 *     overhead = active * 256 + inactive            (ip_vs_dest_conn_overhead)
 *
 * and takes the destination with the smallest overhead / weight. To stay in integers it compares
 * cross-multiplied: d beats the current least l when overhead_d * weight_l < overhead_l * weight_d,
 * in 64 bits (overhead below 2^40, weight below 2^16: the products fit). It keeps the first minimum
 * and skips destinations that are overloaded or have weight 0.
 *
 * Here the members usable (and of weight above 0) when the selector is built are scanned with their
 * weights, live counters read at each selection. Ties: IPVS keeps the first minimum, so while
 * counts are equal (an idle pool, a burst of SYNs before the table counts them) the first member of
 * the pool takes every new flow. Instead the scan starts at a position taken from the flow's hash
 * and keeps the first minimum from there, so equal candidates share new flows without a shared
 * counter to contend on, and a given flow breaks ties the same way every time. A member that turns
 * unusable before the rebuild is skipped.
 */
package org.rookery.policy.wlc;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Weighted least connections, IPVS style; registered as {@code wlc}. Takes no options. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + WeightedLeastConnectionsPolicy.NAME)
public class WeightedLeastConnectionsPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "wlc";

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Collects the usable members and their weights; options are ignored. */
    @Override
    public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
        int n = members.size();
        int k = 0;
        int[] usable = new int[n];
        int[] weight = new int[n];
        for (int i = 0; i < n; i++) {
            int w = members.weight(i);
            if (members.usable(i) && w > 0) {
                usable[k] = i;
                weight[k++] = w;
            }
        }
        return new Selector(members, Arrays.copyOf(usable, k), Arrays.copyOf(weight, k));
    }

    /** The per-pool state: the members to scan and their weights. */
    static final class Selector implements PoolSelector {

        private final PoolMembers members;
        private final int[] usable;
        private final int[] weight;

        Selector(PoolMembers members, int[] usable, int[] weight) {
            this.members = members;
            this.usable = usable;
            this.weight = weight;
        }

        /** Picks a usable member for a new flow, or NO_NODE; allocation-free. */
        @Override
        public int select(FlowKey key) {
            int k = usable.length;
            if (k == 0) {
                return NO_NODE;
            }
            int p = (int) (((key.hash64() >>> 32) * k) >>> 32);
            int best = NO_NODE;
            long leastOverhead = 0;
            long leastWeight = 1;
            for (int step = 0; step < k; step++) {
                int i = usable[p];
                if (members.usable(i)) {
                    long overhead = ((long) members.activeConnections(i) << 8) + members.inactiveConnections(i);
                    if (best == NO_NODE || overhead * leastWeight < leastOverhead * weight[p]) {
                        best = i;
                        leastOverhead = overhead;
                        leastWeight = weight[p];
                    }
                }
                p = p + 1 == k ? 0 : p + 1;
            }
            return best;
        }
    }
}
