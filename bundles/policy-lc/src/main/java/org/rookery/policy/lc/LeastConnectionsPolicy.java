/*
 * Least connections (after net/netfilter/ipvs/ip_vs_lc.c).
 *
 * IPVS ranks a destination by its connection overhead,
 *
 *     overhead = active * 256 + inactive            (ip_vs_dest_conn_overhead)
 *
 * where active counts established connections and inactive the others (half-open, closing, UDP). An
 * established connection holds a server thread or process; an inactive one costs little more than a
 * table entry, so 256 inactive connections weigh as much as one active. ip_vs_lc.c takes the first
 * destination with the smallest overhead, skipping those that are overloaded or have weight 0.
 *
 * Here the members usable when the selector is built are scanned, live counters read at each
 * selection, for the smallest overhead (as a long: active * 256 overflows an int past 8M
 * connections). Ties: IPVS keeps the first minimum, so while counts are equal, e.g. on an idle pool
 * or a burst of SYNs from several threads before the table counts them, every new flow lands on the
 * same member. Instead the scan starts at a position taken from the flow's hash and keeps the first
 * minimum from there: equal members share new flows, without the shared counter a rotating start
 * would need, and a given flow still breaks ties the same way. A member that turns unusable before
 * the rebuild is skipped. Weights other than 0 are ignored; wlc honours them.
 */
package org.rookery.policy.lc;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Least connections, IPVS style; registered as {@code lc}. Takes no options. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + LeastConnectionsPolicy.NAME)
public class LeastConnectionsPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "lc";

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Collects the usable members; options are ignored. */
    @Override
    public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
        int n = members.size();
        int k = 0;
        int[] usable = new int[n];
        for (int i = 0; i < n; i++) {
            if (members.usable(i)) {
                usable[k++] = i;
            }
        }
        return new Selector(members, Arrays.copyOf(usable, k));
    }

    /** The per-pool state: the members to scan. */
    static final class Selector implements PoolSelector {

        private final PoolMembers members;
        private final int[] usable;

        Selector(PoolMembers members, int[] usable) {
            this.members = members;
            this.usable = usable;
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
            long least = Long.MAX_VALUE;
            for (int step = 0; step < k; step++) {
                int i = usable[p];
                if (members.usable(i)) {
                    long overhead = ((long) members.activeConnections(i) << 8) + members.inactiveConnections(i);
                    if (overhead < least) {
                        least = overhead;
                        best = i;
                    }
                }
                p = p + 1 == k ? 0 : p + 1;
            }
            return best;
        }
    }
}
