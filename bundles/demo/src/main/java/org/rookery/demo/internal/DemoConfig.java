package org.rookery.demo.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the demo (PID {@code org.rookery.demo}); it runs only when the framework property rookery.demo is true. */
@ObjectClassDefinition(name = "Rookery demo")
public @interface DemoConfig {

    /** First port of the demo nodes; node i listens on first + i - 1. */
    @AttributeDefinition(description = "first port of the three demo nodes")
    int first_port() default 18081;

    /** Port of the demo service on 127.0.0.1. */
    @AttributeDefinition(description = "port of the demo service on 127.0.0.1")
    int service_port() default 8080;
}
