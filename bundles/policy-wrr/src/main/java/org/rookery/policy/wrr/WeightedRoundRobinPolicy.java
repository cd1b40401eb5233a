/*
 * Smooth weighted round robin (nginx, ngx_http_upstream_get_peer), in place of ip_vs_wrr.c.
 *
 * ip_vs_wrr.c lowers a threshold cw from the largest weight by the gcd g of the weights and, at each
 * level, takes every destination whose weight is at least cw. Weights 5,1,1 give a,a,a,a,a,b,c: the
 * heaviest node takes its whole share in one burst.
 *
 * nginx interleaves instead. Every member i has a current value cur_i, initially 0. For each pick:
 *
 *     cur_i += w_i for every member;  m = the member with the largest cur (lowest index on ties);
 *     cur_m -= W, where W = sum of w_i;  return m.
 *
 * Each pick adds W in total and takes W away, so sum(cur) stays 0. After t picks of which c_i went to
 * member i, cur_i = t * w_i - W * c_i: a member falling behind its ideal share t * w_i / W gains cur
 * until it is the largest and is picked, one running ahead is held back, so c_i stays within about
 * one pick of t * w_i / W at every point of the sequence, not only at the end of a period (the tests
 * check 1.5). After W picks every cur_i is 0 again, so the sequence repeats with period W and each
 * member appears w_i times in it; dividing every weight by g gives the same sequence with period
 * W / g. Weights 5,1,1 give a,a,b,a,c,a,a.
 *
 * Concurrency: since the sequence is periodic and depends on nothing but the weights, it is computed
 * once, when the selector is built, into schedule[0..W/g) (O(W/g * k) work for k usable members), and
 * select walks it with an AtomicLong position: lock-free, allocation-free and exact, in that any
 * W/g consecutive picks, from whatever threads, hold each member exactly w_i/g times. When the
 * schedule would be too large (more than 2^20 entries or 2^25 steps of work to build), the selector
 * runs the algorithm above live under a lock instead (LockedSmoothSelector), which picks the same
 * sequence. Only members usable at build time take part; the cluster rebuilds the selector when a
 * state or weight changes. One that turns unusable before the rebuild is passed over: the schedule
 * walks on to its next entry, the locked selector leaves it out of the round.
 */
package org.rookery.policy.wrr;

import java.util.Arrays;
import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Smooth weighted round robin over the usable members; registered as {@code wrr}. Takes no options. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + WeightedRoundRobinPolicy.NAME)
public class WeightedRoundRobinPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "wrr";

    /** Largest precomputed schedule, in entries (4 MB of ints). */
    static final long MAX_SCHEDULE = 1 << 20;

    /** Largest precomputation, in member visits, to keep a rebuild within tens of milliseconds. */
    static final long MAX_BUILD_STEPS = 1 << 25;

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Builds the precomputed schedule when it is small enough, else the locked selector; options are ignored. */
    @Override
    public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
        int n = members.size();
        int k = 0;
        int[] index = new int[n];
        int[] weight = new int[n];
        long gcd = 0;
        long total = 0;
        for (int i = 0; i < n; i++) {
            int w = members.weight(i);
            if (members.usable(i) && w > 0) {
                index[k] = i;
                weight[k++] = w;
                gcd = gcd(gcd, w);
                total += w;
            }
        }
        index = Arrays.copyOf(index, k);
        weight = Arrays.copyOf(weight, k);
        if (k == 0) {
            return key -> PoolSelector.NO_NODE;
        }
        long period = total / gcd;
        if (period <= MAX_SCHEDULE && period * k <= MAX_BUILD_STEPS) {
            for (int p = 0; p < k; p++) {
                weight[p] /= (int) gcd;
            }
            return new ScheduleSelector(members, ScheduleSelector.build(index, weight, (int) period));
        }
        return new LockedSmoothSelector(members, index, weight);
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
