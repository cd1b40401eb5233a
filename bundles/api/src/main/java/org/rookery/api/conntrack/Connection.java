package org.rookery.api.conntrack;

import org.rookery.api.model.FlowKey;

/**
 * A snapshot of one tracked flow, for dumps and commands (not the hot path).
 *
 * @param key the flow
 * @param nodeId the dispatcher's id of the node serving it
 * @param state its state
 * @param expiresInMillis time left before it expires
 * @param packets packets seen
 */
public record Connection(FlowKey key, int nodeId, ConnState state, long expiresInMillis, long packets) {
}
