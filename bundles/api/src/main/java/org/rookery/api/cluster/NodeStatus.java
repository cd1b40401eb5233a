package org.rookery.api.cluster;

import org.rookery.api.load.NodeLoad;
import org.rookery.api.model.Node;
import org.rookery.api.model.NodeState;

/**
 * A node as configured and as running.
 *
 * @param node the configuration
 * @param id the dispatcher's id for it
 * @param state the effective state (configuration combined with health)
 * @param activeConnections established flows
 * @param inactiveConnections other tracked flows
 * @param load the last load report, or null when unknown
 */
public record NodeStatus(Node node, int id, NodeState state, int activeConnections, int inactiveConnections,
                         NodeLoad load) {
}
