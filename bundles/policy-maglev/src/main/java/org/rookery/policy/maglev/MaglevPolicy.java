/*
 * Maglev consistent hashing (Eisenbud et al., "Maglev: A Fast and Reliable Software Network Load
 * Balancer", NSDI 2016, section 3.4), with weights as Katran does them.
 *
 * A lookup table of M slots, M prime, names a member in every slot; a flow goes to
 * table[hash(flow) mod M]. Each member i has its own permutation of the slots,
 *
 *     offset_i = h1(i) mod M,  skip_i = h2(i) mod (M - 1) + 1,  permutation_i[j] = (offset_i + j * skip_i) mod M,
 *
 * a full permutation because skip_i is in 1..M-1 and M is prime. The table is filled in turns: at
 * its turn a member takes the next slot of its permutation that is still empty. With equal turns
 * every member ends with floor(M/N) or ceil(M/N) slots (even spread), and because each member's
 * preference order does not depend on the others, removing a member mostly hands its own slots to
 * others while the rest keep theirs (minimal disruption; the paper measures it).
 *
 * Weights (Katran's MaglevV2): every round each member adds its weight to a credit and takes a turn
 * only while the credit reaches the largest weight, which it then pays. A member of weight w takes
 * w / max turns per round on average, so its slots, and traffic, are proportional to its weight.
 *
 * Agreement between front-ends: h1 and h2 are two independently seeded hashes of the member's stable
 * identity, its name and address hash (members.name, members.addressHash), never its index, and
 * members take their turns in the order of that identity, not of the pool's list. Front-ends with
 * the same members and weights therefore build the same table, whatever order they list them in,
 * and agree on the node of a new flow without sharing state.
 *
 * Only members usable at build time are placed; the cluster rebuilds the selector when a state,
 * weight or the membership changes. A member that turns unusable before the rebuild is passed
 * over by walking on to the next slot. The slot of a hash is its high 32 bits scaled to M (multiply
 * and shift), uniform like the paper's "mod M" without a division.
 *
 * Options: maglev.table, the prime M (default 65537, at least the number of members; the paper
 * keeps M > 100 N so that slot counts differ by under 1%); maglev.hash, 5tuple (default) or source
 * (the source address only, so a client keeps its node across connections).
 */
package org.rookery.policy.maglev;

import java.util.Map;

import org.osgi.service.component.annotations.Component;
import org.rookery.api.policy.DistributionPolicy;
import org.rookery.api.policy.PoolMembers;
import org.rookery.api.policy.PoolSelector;

/** Maglev consistent hashing with weights; registered as {@code maglev}. */
@Component(service = DistributionPolicy.class, property = DistributionPolicy.NAME_PROPERTY + "=" + MaglevPolicy.NAME)
public class MaglevPolicy implements DistributionPolicy {

    /** The registered name. */
    public static final String NAME = "maglev";

    /** Option: the lookup table size, a prime at least the number of members; default 65537. */
    public static final String TABLE = "maglev.table";

    /** Option: what is hashed, {@code 5tuple} (default) or {@code source}. */
    public static final String HASH = "maglev.hash";

    /** Default table size, the paper's. */
    public static final int DEFAULT_TABLE = 65537;

    /** Largest table size accepted (64 MB of ints). */
    public static final int MAX_TABLE = 1 << 24;

    /** Returns {@value #NAME}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Builds the lookup table over the usable members; rejects a bad table size or hash name. */
    @Override
    public PoolSelector newSelector(PoolMembers members, Map<String, String> options) {
        int size = MaglevOptions.tableSize(options.get(TABLE), members.size());
        boolean source = MaglevOptions.hashesSource(options.get(HASH));
        return new MaglevSelector(members, MaglevTable.build(members, size), source);
    }
}
