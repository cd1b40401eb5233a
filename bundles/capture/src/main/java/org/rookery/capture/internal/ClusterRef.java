package org.rookery.capture.internal;

import java.util.Arrays;
import java.util.Comparator;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * The live cluster service. Its registration also names the cluster bundle's internal
 * {@code ClusterRuntime}, of which this bundle carries its own copy for replay's decision copy, so the
 * framework's class-space check hides it from getServiceReferences and from DS references alike.
 * Only the API type is used here, which both bundles share: look past that check.
 */
final class ClusterRef {

    private ClusterRef() {
    }

    /** The highest-ranked cluster service reference, or null when the cluster is not running. */
    static ServiceReference<?> find(BundleContext context) {
        ServiceReference<?>[] refs;
        try {
            refs = context.getAllServiceReferences(org.rookery.api.cluster.ClusterService.class.getName(), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (refs == null || refs.length == 0) {
            return null;
        }
        return Arrays.stream(refs).max(Comparator.naturalOrder()).orElseThrow();
    }
}
