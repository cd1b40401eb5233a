/*
 * Round robin (after net/netfilter/ipvs/ip_vs_rr.c).
 *
 * ip_vs_rr.c keeps a pointer to the destination it used last and, for each new connection, walks on
 * from there to the next destination that is not overloaded and has a weight above 0. The shared
 * pointer is moved under the scheduler lock.
 *
 * Here the members usable when the selector is built (the cluster rebuilds it whenever a member's
 * state, weight or the membership changes) are collected once into u[0..k). A shared counter c then
 * stands in for the pointer: the c-th new flow goes to u[c mod k]. AtomicLong.getAndIncrement gives
 * every caller its own c without a lock, so any k consecutive flows reach each usable member exactly
 * once, however many datapath threads select at the same time.
 *
 * Counting positions over the usable members only, rather than over all members while skipping the
 * unusable ones, keeps the shares equal: with skipping, the member after a run of unusable members
 * would take one extra turn per member in the run. A member that turns unusable before the rebuild
 * arrives is passed over by walking on to the next position, as ip_vs_rr.c does.
 *
 * Weights other than 0 are ignored; use wrr to honour them.
 */
package org.rookery.policy.rr;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.model.FlowKey;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Round robin over the usable members of a pool; registered as {@code rr}. Takes no options. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + RoundRobinPolicy.NAME)
public class RoundRobinPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "rr";

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

    /** The per-pool state: the usable members and the shared position counter. */
    static final class Selector implements PoolSelector {

        private final PoolMembers members;
        private final int[] usable;
        private final AtomicLong next = new AtomicLong();

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
            int p = (int) ((next.getAndIncrement() & Long.MAX_VALUE) % k);
            for (int step = 0; step < k; step++) {
                int i = usable[p];
                if (members.usable(i)) {
                    return i;
                }
                p = p + 1 == k ? 0 : p + 1;
            }
            return NO_NODE;
        }
    }
}
