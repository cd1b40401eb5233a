package org.rookery.conntrack.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the connection table (PID {@code org.rookery.conntrack}); timeouts in seconds. */
@ObjectClassDefinition(id = ConntrackComponent.PID, name = "Rookery connection table",
        description = "Flow to node table with IPVS-like TCP states and timeouts, a hard capacity and eviction.")
public @interface ConntrackConfig {

    /** Hard bound on tracked flows. */
    @AttributeDefinition(name = "Capacity", min = "1", description = "Most flows tracked at once. When full, a new"
            + " flow evicts an expired flow, else the non-established flow closest to expiry, an established one last.")
    int capacity() default 1_048_576;

    /** Lock shards; 0 picks the next power of two at or above twice the cores, at least 4. */
    @AttributeDefinition(name = "Shards", min = "0", description = "Independently locked parts of the table, a power"
            + " of two; 0 picks one from the number of cores. Changing it or the capacity rebuilds the table, keeping flows.")
    int shards() default 0;

    /** Node ids accepted are 0 to max.nodes - 1. */
    @AttributeDefinition(name = "Maximum nodes", min = "1", max = "65536", description = "Node ids must be below this.")
    int max_nodes() default 65536;

    /** Whether a new flow may evict an established one when nothing else is near. */
    @AttributeDefinition(name = "Evict established flows", description = "When false, a full table refuses new flows"
            + " rather than evict an established one (counted as 'full').")
    boolean evict_established() default true;

    /** ESTABLISHED timeout, seconds. */
    @AttributeDefinition(name = "TCP established timeout (s)", min = "1")
    long tcp_established() default 900;

    /** SYN_RECV timeout, seconds. */
    @AttributeDefinition(name = "TCP SYN_RECV timeout (s)", min = "1")
    long tcp_synrecv() default 60;

    /** FIN_WAIT timeout, seconds. */
    @AttributeDefinition(name = "TCP FIN_WAIT timeout (s)", min = "1")
    long tcp_finwait() default 120;

    /** TIME_WAIT timeout, seconds. */
    @AttributeDefinition(name = "TCP TIME_WAIT timeout (s)", min = "1")
    long tcp_timewait() default 120;

    /** CLOSE timeout, seconds. */
    @AttributeDefinition(name = "TCP CLOSE timeout (s)", min = "1")
    long tcp_close() default 10;

    /** Idle timeout of UDP and ICMP flows, seconds. */
    @AttributeDefinition(name = "UDP timeout (s)", min = "1")
    long udp() default 300;

    /** How often expired flows are swept, milliseconds; 0 leaves sweeping to lookups and eviction. */
    @AttributeDefinition(name = "Expiry sweep interval (ms)", min = "0", description = "Expired flows are also"
            + " reclaimed on lookup and by eviction; the sweep keeps per-node counts exact for idle flows and"
            + " reclaims every flow well within the 24 days its millisecond expiry can represent.")
    long expire_interval_ms() default 1000;
}
