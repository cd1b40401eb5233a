package org.rookery.api.load;

import org.osgi.annotation.versioning.ConsumerType;

/** Something that knows nodes' load: the agent's receiver, or the operator's {@code node set --load}. */
@ConsumerType
public interface LoadSource {

    /** The latest load of a node, or null when unknown or stale. */
    NodeLoad load(String pool, String node);
}
