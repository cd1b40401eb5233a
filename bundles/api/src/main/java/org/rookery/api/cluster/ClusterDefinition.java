package org.rookery.api.cluster;

import java.util.List;

import org.rookery.api.model.Node;
import org.rookery.api.model.Pool;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * A whole cluster configuration as one value: what {@link ClusterService#definition()} reads and
 * {@link ClusterAdminService#replace} installs. Items are taken as they are: a node index of -1 means
 * no port-space slice, and rules keep their ids and their order, which is the chain's.
 *
 * @param services the virtual services
 * @param pools the pools with their policy and options
 * @param nodes the nodes of every pool
 * @param rules the operator's rules in chain order
 * @param portSpace the private port space ({@link PortSpace#DISABLED} when off)
 */
public record ClusterDefinition(List<VirtualService> services, List<Pool> pools, List<Node> nodes, List<Rule> rules,
                                PortSpace portSpace) {

    /** No services, pools, nodes or rules, and the port space off. */
    public static final ClusterDefinition EMPTY = new ClusterDefinition(null, null, null, null, null);

    /** Freezes the lists (null meaning none) and reads a null port space as off. */
    public ClusterDefinition {
        services = services == null ? List.of() : List.copyOf(services);
        pools = pools == null ? List.of() : List.copyOf(pools);
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        rules = rules == null ? List.of() : List.copyOf(rules);
        portSpace = portSpace == null ? PortSpace.DISABLED : portSpace;
    }
}
