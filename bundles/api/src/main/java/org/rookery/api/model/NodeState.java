package org.rookery.api.model;

import java.util.Locale;

/** The state of a node; only {@link #UP} nodes receive new flows. */
public enum NodeState {
    /** Healthy and taking new flows. */
    UP,
    /** Failed its health checks or was marked down: no new flows; old ones per the expire setting. */
    DOWN,
    /** Weight 0: keeps its established flows, gets no new ones. */
    DRAINING,
    /** Taken out by the operator: no new flows. */
    DISABLED;

    /** True when the node may receive new flows. */
    public boolean takesNewFlows() {
        return this == UP;
    }

    /** Parses a state name, case-insensitively. */
    public static NodeState parse(String text) {
        if (text != null) {
            for (NodeState s : values()) {
                if (s.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a node state; expected up, down, draining or disabled");
    }

    /** Lower-case name as operators type it. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
