package org.rookery.api.datapath;

import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;
import org.rookery.api.model.ForwardingMethod;

/** A datapath (packet capture, proxy) registered as a service so that commands can list it and its counters. */
@ConsumerType
public interface Datapath {

    /** A short name, e.g. {@code capture} or {@code proxy}. */
    String name();

    /** The forwarding methods it serves. */
    Set<ForwardingMethod> methods();

    /** Its counters (packets, bytes, drops by reason, …), a snapshot. */
    Map<String, Long> counters();
}
