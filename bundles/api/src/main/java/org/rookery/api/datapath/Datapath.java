package org.rookery.api.datapath;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;
import org.rookery.api.model.ForwardingMethod;
import org.rookery.api.model.VirtualService;

/** A datapath (packet capture, proxy) registered as a service so that commands can list it and its counters. */
@ConsumerType
public interface Datapath {

    /** A short name, e.g. {@code capture} or {@code proxy}. */
    String name();

    /** The forwarding methods it serves. */
    Set<ForwardingMethod> methods();

    /** Its counters (packets, bytes, drops by reason, …), a snapshot. */
    Map<String, Long> counters();

    /**
     * Throws {@link IllegalArgumentException} with one line when this datapath could not serve the
     * service (e.g. the port is in use); called before a service is stored.
     */
    default void check(VirtualService service) {
    }
}
