package org.rookery.api.cluster;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/** Read access to the cluster: its configuration, its running state and its counters. */
@ProviderType
public interface ClusterService {

    /** Services, sorted by name. */
    List<VirtualService> services();

    /** One service by name. */
    Optional<VirtualService> service(String name);

    /** Pools with their running policy, sorted by name. */
    List<PoolStatus> pools();

    /** Nodes of one pool, or of all pools when {@code pool} is null, sorted by pool then name. */
    List<NodeStatus> nodes(String pool);

    /** The operator's rules in chain order. */
    List<Rule> rules();

    /**
     * The classification chain's default verdict: what a flow matching no rule, no port-space slice and
     * no service gets ({@code default.verdict} of PID {@code org.rookery.classifier}); empty while no
     * chain runs.
     */
    Optional<Verdict> defaultVerdict();

    /** The private port space. */
    PortSpace portSpace();

    /**
     * The whole configuration as one value (services, pools, nodes, rules, port space), as
     * {@link ClusterAdminService#replace} takes it. Implementations return one consistent snapshot;
     * this default reads the parts one after another.
     */
    default ClusterDefinition definition() {
        return new ClusterDefinition(services(), pools().stream().map(PoolStatus::pool).toList(),
                nodes(null).stream().map(NodeStatus::node).toList(), rules(), portSpace());
    }

    /**
     * Counters per scope: keys are {@code service:NAME}, {@code pool:NAME}, {@code node:POOL/NAME},
     * {@code conntrack} and {@code drops}; values map counter names to values.
     */
    Map<String, Map<String, Long>> stats();
}
