package org.rookery.capture.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.rookery.api.model.Names;
import org.rookery.api.policy.DistributionPolicy;

/**
 * The policy services of the running front-end, looked up by {@code policy.name} as the dispatcher
 * does (highest ranking wins), held for one replay and released by {@link #close}.
 */
final class BundlePolicies implements PolicySource, AutoCloseable {

    private final BundleContext context;
    private final List<ServiceReference<DistributionPolicy>> held = new ArrayList<>();

    BundlePolicies(BundleContext context) {
        this.context = context;
    }

    @Override
    public DistributionPolicy find(String name) {
        Collection<ServiceReference<DistributionPolicy>> refs = references(
                "(" + DistributionPolicy.NAME_PROPERTY + "=" + Names.check("policy", name) + ")");
        if (refs.isEmpty()) {
            return null;
        }
        ServiceReference<DistributionPolicy> best = Collections.max(refs); // ranking, then age, as the registry orders
        DistributionPolicy p = context.getService(best);
        if (p != null) {
            held.add(best);
        }
        return p;
    }

    @Override
    public Set<String> names() {
        Set<String> names = new TreeSet<>();
        for (ServiceReference<DistributionPolicy> r : references(null)) {
            Object n = r.getProperty(DistributionPolicy.NAME_PROPERTY);
            if (n != null) {
                names.add(n.toString());
            }
        }
        return names;
    }

    private Collection<ServiceReference<DistributionPolicy>> references(String filter) {
        try {
            return context.getServiceReferences(DistributionPolicy.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad policy filter " + filter + ": " + e.getMessage(), e);
        }
    }

    /** Releases every policy service taken. */
    @Override
    public void close() {
        for (ServiceReference<DistributionPolicy> r : held) {
            try {
                context.ungetService(r);
            } catch (IllegalStateException e) {
                // the bundle is stopping: nothing left to release
            }
        }
        held.clear();
    }
}
