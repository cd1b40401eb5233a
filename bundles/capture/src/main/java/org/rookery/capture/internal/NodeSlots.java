package org.rookery.capture.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Dense slots for per-node counters, one per node key ({@code pool/name}), never reused: the dispatcher
 * reuses the id of a deleted node, so counting by id would hand a new node the old one's bytes.
 * Assigned when a worker takes a new table, read when counters are asked for.
 */
final class NodeSlots {

    private final Map<String, Integer> slots = new HashMap<>();
    private final List<String> keys = new ArrayList<>();

    /** The slot of a node key, assigned on first sight. */
    synchronized int slot(String key) {
        Integer s = slots.get(key);
        if (s == null) {
            s = keys.size();
            slots.put(key, s);
            keys.add(key);
        }
        return s;
    }

    /** The node key of every slot assigned so far, by slot. */
    synchronized List<String> keys() {
        return List.copyOf(keys);
    }
}
