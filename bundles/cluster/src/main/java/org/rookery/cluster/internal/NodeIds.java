package org.rookery.cluster.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Dense integer ids for nodes, stable for the life of the process so that the connection table can
 * store an int per flow. An id is reused only after its node was deleted and its flows purged.
 */
final class NodeIds {

    private final Map<String, Integer> ids = new HashMap<>();
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int next;

    synchronized int idFor(String nodeKey) {
        Integer id = ids.get(nodeKey);
        if (id == null) {
            id = free.isEmpty() ? next++ : free.poll();
            ids.put(nodeKey, id);
        }
        return id;
    }

    /** Releases a deleted node's id; returns it, or -1 if the node had none. */
    synchronized int release(String nodeKey) {
        Integer id = ids.remove(nodeKey);
        if (id == null) {
            return -1;
        }
        free.add(id);
        return id;
    }
}
