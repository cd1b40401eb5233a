package org.rookery.api.health;

import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A part of the front-end that can be unwell on its own (an admin listener that refused to start, a port
 * it could not bind), registered as a service so that {@code health} and {@code bin/rookery status}
 * name the problem instead of leaving it in the log alone.
 */
@ConsumerType
public interface ComponentHealth {

    /** A short name of the part, e.g. {@code admin-http}. */
    String name();

    /** One line saying what is wrong and how to put it right, or empty when the part is well. */
    Optional<String> problem();
}
