package org.rookery.commands.internal;

import org.osgi.framework.Bundle;

/** Names of bundle states as operators read them. */
final class BundleStates {

    private BundleStates() {
    }

    /** The upper-case name of a {@link Bundle} state constant. */
    static String name(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNKNOWN(" + state + ")";
        };
    }
}
