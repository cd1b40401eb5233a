package org.rookery.api.cluster;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.rookery.api.load.NodeLoad;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Rule;
import org.rookery.api.model.VirtualService;

/**
 * Changes to the cluster configuration. Every method validates fully first: on an invalid request it
 * throws {@link IllegalArgumentException} with a one-line reason and changes nothing.
 */
@ProviderType
public interface ClusterAdminService {

    /** Adds a service; its pool must exist and its VIP, protocol and ports must not overlap another's. */
    void addService(VirtualService service);

    /** Removes a service by name. */
    void removeService(String name);

    /** Adds a pool using the named policy (which need not be installed yet). */
    void addPool(String name, String policy, Map<String, String> options);

    /** Points a pool at another policy; tracked flows keep their node. */
    void setPoolPolicy(String name, String policy, Map<String, String> options);

    /** Removes a pool that no service and no node uses. */
    void removePool(String name);

    /** Adds a node to an existing pool; a port-space index is assigned when {@code node.index()} is -1. */
    void addNode(Node node);

    /** Changes a node's weight (0 drains it). */
    void setNodeWeight(String pool, String name, int weight);

    /** Changes a node's operator state (up, draining, disabled, down). */
    void setNodeState(String pool, String name, NodeState state);

    /** Sets a node's load by hand (0..1 per capacity), as a report would, until the next report; NaN clears it. */
    void setNodeLoad(String pool, String name, double load);

    /**
     * Sets a node's health as found by run-time checks; it is not stored. An unhealthy node whose operator
     * state is up is down for new flows; other operator states are kept as they are. Unknown nodes are ignored
     * (a check may race a deletion).
     *
     * @param reason a short word or phrase for the log, e.g. {@code "connect refused"}
     */
    void setNodeHealth(String pool, String name, boolean healthy, String reason);

    /**
     * Records a node's load report; it counts until {@code validUntilMillis} (epoch milliseconds), after
     * which the load is unknown and load-aware policies fall back. Unknown nodes are ignored.
     */
    void reportLoad(String pool, String name, NodeLoad load, long validUntilMillis);

    /** Removes a node; its tracked flows are forgotten. */
    void removeNode(String pool, String name);

    /**
     * Inserts a rule at a 1-based position (0 or past the end appends). A positive {@code rule.id()} is
     * kept and must be free; otherwise the rule gets the next free id.
     *
     * @return the rule with its id
     */
    Rule addRule(int position, Rule rule);

    /** Removes a rule by id. */
    void removeRule(int id);

    /** Sets the private port space; slices of existing nodes must fit. */
    void setPortSpace(PortSpace portSpace);

    /**
     * Checks a whole configuration as {@link #replace} would, and changes nothing.
     *
     * @throws InvalidDefinitionException listing every problem
     */
    void validate(ClusterDefinition definition);

    /**
     * Makes the running configuration exactly {@code definition} in one change: items it lacks are
     * removed, the whole is checked first (names, references, overlaps, port slices, rule ids, datapaths),
     * then stored and published at once, and listeners are told once. Tracked flows of removed nodes
     * are forgotten; other flows keep their node.
     *
     * @throws InvalidDefinitionException listing every problem; nothing is changed
     */
    void replace(ClusterDefinition definition);
}
