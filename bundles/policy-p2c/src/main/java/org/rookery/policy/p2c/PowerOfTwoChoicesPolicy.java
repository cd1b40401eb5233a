/*
 * Power of two random choices (Mitzenmacher, "The Power of Two Choices in Randomized Load
 * Balancing", 2001), on weighted connection counts.
 *
 * Sending each flow to the least loaded of all members (lc, wlc) needs a scan of every member and,
 * with several front-ends or stale counts, herds every new flow onto the same member. Sending it to a
 * random member needs nothing but leaves the busiest member about log n / log log n above average.
 * Picking two members at random and taking the less loaded of the two cuts that excess to about
 * log log n, exponentially better, at the cost of two counter reads, and random draws do not herd.
 *
 * Choices: two distinct usable members, drawn with probability proportional to their weight, the
 * second among the members other than the first. The draws scan a cumulative array of the weights
 * (binary search, O(log n)); the second leaves out the first's interval of the weight line, so it is
 * never equal to it and no retry loop is needed. A heavy member is drawn more often, so it can take
 * the share its weight asks for even when it is much heavier than the rest; uniform draws could give
 * it at most the fraction of pairs it appears in.
 *
 * Load: the IPVS connection overhead (active * 256 + inactive, as ip_vs_lc.c and ip_vs_wlc.c count
 * it) plus one, per unit of weight; the lower wins, compared cross-multiplied in 64 bits:
 * (o_a + 1) * w_b <= (o_b + 1) * w_a. Inactive connections count so that UDP flows and half-open
 * connections, which are never established, still weigh; the +1 lets the weight decide between two
 * idle members. As connections accumulate the member with the lower count per weight keeps winning,
 * so counts grow in proportion to the weights. Ties go to the first draw, itself random.
 *
 * Randomness: ThreadLocalRandom, per thread, no shared state, no allocation. Members usable at build
 * time are drawn from; if a draw turns out unusable (changed before the rebuild), the other is taken,
 * and if both are, a weighted-least-connections scan decides. Takes no options.
 */
package org.rookery.policy.p2c;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Power of two random choices on weighted connection counts; registered as {@code p2c}. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + PowerOfTwoChoicesPolicy.NAME)
public class PowerOfTwoChoicesPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "p2c";

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Collects the usable members, their weights and the running sum of the weights; options are ignored. */
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
        long[] cumulative = new long[k + 1];
        for (int p = 0; p < k; p++) {
            cumulative[p + 1] = cumulative[p] + weight[p];
        }
        return new TwoChoicesSelector(members, Arrays.copyOf(usable, k), Arrays.copyOf(weight, k), cumulative);
    }
}
