package org.rookery.commands.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the loopback command server (PID {@code org.rookery.shell}). */
@ObjectClassDefinition(name = "Rookery command server",
        description = "The loopback server that bin/rookery exec sends one command line to.")
public @interface ShellServerConfig {

    /** Address to listen on; a non-loopback address is refused unless allow.remote is true. */
    @AttributeDefinition(description = "address to listen on (loopback by default)")
    String host() default "";

    /** Port to listen on; 0 takes the framework property rookery.shell.port, else 2019. */
    @AttributeDefinition(description = "port to listen on; 0 takes rookery.shell.port or 2019")
    int port() default 0;

    /** The explicit choice needed to listen on a non-loopback address (the shell has no authentication). */
    @AttributeDefinition(description = "allow a non-loopback address: the shell has no authentication")
    boolean allow_remote() default false;
}
