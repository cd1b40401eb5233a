package org.rookery.classifier.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the classification chain (PID {@code org.rookery.classifier}). */
@ObjectClassDefinition(name = "Rookery classification chain")
public @interface ChainConfig {

    /** The verdict when no link matches: local, drop, pool:NAME or node:POOL/NAME. */
    @AttributeDefinition(description = "verdict when nothing matches: local, drop, pool:NAME or node:POOL/NAME")
    String default_verdict() default "local";
}
