package org.rookery.cluster.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the dispatcher (PID {@code org.rookery.dispatcher}). */
@ObjectClassDefinition(name = "Rookery dispatcher")
public @interface DispatcherConfig {

    /**
     * What happens to packets of a tracked flow whose node is down or deleted, like IPVS
     * {@code expire_nodest_conn}: {@code drop} forgets the flow and drops the packet, {@code reschedule}
     * forgets it and places the packet as a new flow.
     */
    @AttributeDefinition(description = "packets of flows whose node is down or deleted: drop or reschedule",
            options = {@Option(value = "drop"), @Option(value = "reschedule")})
    String down_flows() default "drop";
}
