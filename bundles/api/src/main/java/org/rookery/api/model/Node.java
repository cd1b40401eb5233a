package org.rookery.api.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A node (real server) of a pool.
 *
 * @param pool the pool it belongs to
 * @param name its name, unique within the pool
 * @param address its address
 * @param port its port, or 0 to keep the service's destination port
 * @param mac its MAC as {@code aa:bb:cc:dd:ee:ff}, or null to learn it from the neighbour table
 * @param weight relative weight, 0-65535; 0 takes no new flows
 * @param state operator state (health checks may add {@link NodeState#DOWN} at run time)
 * @param index its index in the private port space, or -1 for none
 */
public record Node(String pool, String name, IpAddress address, int port, String mac, int weight, NodeState state,
                   int index) {

    /** Largest accepted weight, as in IPVS. */
    public static final int MAX_WEIGHT = 65535;
    private static final Pattern MAC = Pattern.compile("([0-9a-f]{2}:){5}[0-9a-f]{2}");

    /** Validates the fields. */
    public Node {
        Names.check("pool", pool);
        Names.check("node", name);
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("node port " + port + " is outside 0-65535");
        }
        if (mac != null) {
            mac = mac.trim().toLowerCase(Locale.ROOT).replace('-', ':');
            if (mac.isEmpty()) {
                mac = null;
            } else if (!MAC.matcher(mac).matches()) {
                throw new IllegalArgumentException("'" + mac + "' is not a MAC address; expected six hex pairs like 02:00:00:00:00:01");
            }
        }
        if (weight < 0 || weight > MAX_WEIGHT) {
            throw new IllegalArgumentException("weight " + weight + " is outside 0-" + MAX_WEIGHT);
        }
        state = state == null ? NodeState.UP : state;
        if (index < -1) {
            throw new IllegalArgumentException("node index " + index + " is negative");
        }
    }

    /** {@code pool/name}, the node's cluster-wide key. */
    public String key() {
        return pool + "/" + name;
    }

    /** A copy with another weight. */
    public Node withWeight(int newWeight) {
        return new Node(pool, name, address, port, mac, newWeight, state, index);
    }

    /** A copy with another state. */
    public Node withState(NodeState newState) {
        return new Node(pool, name, address, port, mac, weight, newState, index);
    }

    /** A copy with another port-space index. */
    public Node withIndex(int newIndex) {
        return new Node(pool, name, address, port, mac, weight, state, newIndex);
    }
}
