package org.rookery.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the admin HTTP listener (PID {@code org.rookery.admin}). */
@ObjectClassDefinition(name = "Rookery admin HTTP",
        description = "The listener of /metrics, /api/state and the dashboard at /.")
public @interface AdminConfig {

    /** Address to listen on; empty takes the framework property rookery.admin.host, else 127.0.0.1. */
    @AttributeDefinition(description = "address to listen on; a non-loopback address needs a token")
    String address() default "";

    /** Port to listen on; 0 takes the framework property rookery.admin.port, else 9280. */
    @AttributeDefinition(description = "port to listen on; 0 takes rookery.admin.port or 9280", min = "0", max = "65535")
    int port() default 0;

    /** Bearer token every request must carry when set; required for a non-loopback address. */
    @AttributeDefinition(description = "when set, requests need 'Authorization: Bearer TOKEN'; required off loopback",
            type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String token() default "";

    /** False turns the listener off. */
    @AttributeDefinition(description = "false turns the listener off")
    boolean enabled() default true;
}
